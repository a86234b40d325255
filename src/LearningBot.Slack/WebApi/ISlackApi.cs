using System.Text.Json.Nodes;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Slack.WebApi;

/// <summary>The narrow outbound seam: every Slack Web API call the bot makes (https://api.slack.com/methods).</summary>
public interface ISlackApi
{
    /// <summary>https://api.slack.com/methods/auth.test</summary>
    Task<AuthTestResult> AuthTestAsync(CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/chat.postMessage</summary>
    Task<PostedMessage> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/chat.update</summary>
    Task<PostedMessage> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken);

    /// <summary>Returns the ephemeral message's ts (https://api.slack.com/methods/chat.postEphemeral).</summary>
    Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/chat.getPermalink</summary>
    Task<string> GetPermalinkAsync(string channel, string messageTs, CancellationToken cancellationToken);

    /// <summary>Opens (or finds) the DM with the users; returns its D… id (https://api.slack.com/methods/conversations.open).</summary>
    Task<string> OpenConversationAsync(IReadOnlyList<string> users, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/conversations.info</summary>
    Task<SlackConversation> GetConversationInfoAsync(string channel, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/conversations.list</summary>
    Task<SlackPage<SlackConversation>> ListConversationsAsync(string types, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/conversations.join</summary>
    Task<SlackConversation> JoinConversationAsync(string channel, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/conversations.history</summary>
    Task<SlackPage<HistoryMessage>> GetConversationHistoryAsync(string channel, string? oldest, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/conversations.replies</summary>
    Task<SlackPage<HistoryMessage>> GetConversationRepliesAsync(string channel, string threadTs, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/users.info</summary>
    Task<SlackUser> GetUserInfoAsync(string user, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/users.list</summary>
    Task<SlackPage<SlackUser>> ListUsersAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/users.lookupByEmail</summary>
    Task<SlackUser> LookupUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/views.open</summary>
    Task<SlackView> OpenViewAsync(string triggerId, ModalView view, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/views.publish</summary>
    Task<SlackView> PublishViewAsync(string userId, HomeView view, string? hash, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/views.update</summary>
    Task<SlackView> UpdateViewAsync(string viewId, View view, string? hash, CancellationToken cancellationToken);

    /// <summary>https://api.slack.com/methods/views.push</summary>
    Task<SlackView> PushViewAsync(string triggerId, ModalView view, CancellationToken cancellationToken);

    /// <summary>Socket Mode WebSocket URL, with the app-level token (https://api.slack.com/methods/apps.connections.open).</summary>
    Task<Uri> OpenSocketConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Posts an answer to an interaction's response_url; no token is sent there (https://api.slack.com/interactivity/handling#message_responses).
    /// The answer is the body the router made from a typed <see cref="Payloads.SlackReply"/>, the same one an ack would carry.
    /// </summary>
    Task RespondAsync(string responseUrl, JsonObject answer, CancellationToken cancellationToken);
}
