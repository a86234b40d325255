using System.Text.Json.Nodes;

namespace LearningBot.Slack.WebApi;

/// <summary>Who our token is (https://api.slack.com/methods/auth.test).</summary>
public sealed record AuthTestResult(string UserId, string? BotId, string TeamId, string? Team, string? Url);

/// <summary>Message metadata attached to a post (https://api.slack.com/metadata/using).</summary>
public sealed record MessageMetadata(string EventType, JsonObject EventPayload);

/// <summary>Arguments of chat.postMessage (https://api.slack.com/methods/chat.postMessage).</summary>
/// <param name="Text">Always sent: the notification and accessibility fallback when blocks are present.</param>
public sealed record PostMessageRequest(
    string Channel,
    string Text,
    JsonArray? Blocks = null,
    string? ThreadTs = null,
    MessageMetadata? Metadata = null,
    bool? UnfurlLinks = null,
    bool? ReplyBroadcast = null);

/// <summary>Arguments of chat.update; null blocks keep the old ones, an empty array removes them (https://api.slack.com/methods/chat.update).</summary>
public sealed record UpdateMessageRequest(string Channel, string Ts, string Text, JsonArray? Blocks = null);

/// <summary>Where a message landed: store both to update it later (https://api.slack.com/methods/chat.postMessage#response).</summary>
public sealed record PostedMessage(string Channel, string Ts);

/// <summary>A conversation as conversations.info / list describe it (https://api.slack.com/types/conversation).</summary>
public sealed record SlackConversation(string Id, string? Name, bool IsIm, bool IsPrivate, bool IsMember);

/// <summary>A message read back from history or replies (https://api.slack.com/methods/conversations.history).</summary>
public sealed record SlackMessage(string Ts, string? User, string? BotId, string? Text, string? ThreadTs, int ReplyCount, JsonObject? Metadata);

/// <summary>A user with the fields the bot needs: time zone and email (https://api.slack.com/types/user).</summary>
public sealed record SlackUser(string Id, string? Name, string? RealName, string? Tz, int TzOffset, string? Email, bool IsBot, bool Deleted);

/// <summary>A view after views.open/publish/update/push; keep the hash for the next update (https://api.slack.com/methods/views.update).</summary>
public sealed record SlackView(string Id, string? Hash);

/// <summary>One page of a cursor-paginated list (https://api.slack.com/docs/pagination).</summary>
public sealed record SlackPage<T>(IReadOnlyList<T> Items, string? NextCursor);
