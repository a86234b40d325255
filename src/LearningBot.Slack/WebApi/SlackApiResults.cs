using LearningBot.Slack.BlockKit;

namespace LearningBot.Slack.WebApi;

/// <summary>Who our token is (https://api.slack.com/methods/auth.test).</summary>
public sealed record AuthTestResult(string UserId, string? BotId, string TeamId, string? Team, string? Url);

/// <summary>Arguments of chat.postMessage (https://api.slack.com/methods/chat.postMessage).</summary>
/// <param name="Message">Built with <see cref="MessageBuilder"/>; its text is always sent as the notification and accessibility fallback.</param>
public sealed record PostMessageRequest(
    string Channel,
    SlackMessage Message,
    string? ThreadTs = null,
    MessageMetadata? Metadata = null,
    bool? UnfurlLinks = null,
    bool? ReplyBroadcast = null);

/// <summary>Arguments of chat.update: the message's text and blocks become those of <see cref="Message"/> (https://api.slack.com/methods/chat.update).</summary>
public sealed record UpdateMessageRequest(string Channel, string Ts, SlackMessage Message);

/// <summary>Where a message landed: store both to update it later (https://api.slack.com/methods/chat.postMessage#response).</summary>
public sealed record PostedMessage(string Channel, string Ts);

/// <summary>A conversation as conversations.info / list describe it (https://api.slack.com/types/conversation).</summary>
public sealed record SlackConversation(string Id, string? Name, bool IsIm, bool IsPrivate, bool IsMember);

/// <summary>A message read back from history or replies (https://api.slack.com/methods/conversations.history).</summary>
public sealed record HistoryMessage(string Ts, string? User, string? BotId, string? Text, string? ThreadTs, int ReplyCount, MessageMetadata? Metadata);

/// <summary>A user with the fields the bot needs: time zone and email (https://api.slack.com/types/user).</summary>
public sealed record SlackUser(string Id, string? Name, string? RealName, string? Tz, int TzOffset, string? Email, bool IsBot, bool Deleted);

/// <summary>A view after views.open/publish/update/push; keep the hash for the next update (https://api.slack.com/methods/views.update).</summary>
public sealed record SlackView(string Id, string? Hash);

/// <summary>One page of a cursor-paginated list (https://api.slack.com/docs/pagination).</summary>
public sealed record SlackPage<T>(IReadOnlyList<T> Items, string? NextCursor);
