using System.Text.Json;
using System.Text.Json.Serialization;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;

namespace LearningBot.Slack.WebApi;

/// <summary>chat.postMessage body (https://docs.slack.dev/reference/methods/chat.postMessage).</summary>
internal sealed record PostMessageBody(
    string Channel, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs, bool? UnfurlLinks, bool? ReplyBroadcast, MessageMetadata? Metadata);

/// <summary>chat.update body; blocks are always sent, so the message becomes exactly the new one (https://docs.slack.dev/reference/methods/chat.update).</summary>
internal sealed record UpdateMessageBody(string Channel, string Ts, string Text, IReadOnlyList<Block> Blocks);

/// <summary>chat.postEphemeral body (https://docs.slack.dev/reference/methods/chat.postEphemeral).</summary>
internal sealed record PostEphemeralBody(string Channel, string User, string Text, IReadOnlyList<Block>? Blocks, string? ThreadTs);

/// <summary>views.open / views.push body (https://docs.slack.dev/reference/methods/views.open).</summary>
internal sealed record OpenViewBody(string TriggerId, View View);

/// <summary>views.publish body (https://docs.slack.dev/reference/methods/views.publish).</summary>
internal sealed record PublishViewBody(string UserId, View View, string? Hash);

/// <summary>views.update body (https://docs.slack.dev/reference/methods/views.update).</summary>
internal sealed record UpdateViewBody(string ViewId, View View, string? Hash);

/// <summary>A message for a slash command's ack or a response_url (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses).</summary>
internal sealed record ReplyBody(string ResponseType, string Text, bool ReplaceOriginal, IReadOnlyList<Block>? Blocks);

/// <summary>A view_submission ack (https://docs.slack.dev/surfaces/modals#updating_response).</summary>
internal sealed record ViewAnswerBody(string ResponseAction, IReadOnlyDictionary<string, string>? Errors, View? View);

/// <summary>Every request body the Web API client sends, with the Block Kit types inside them, serialised once and in one pass.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PostMessageBody))]
[JsonSerializable(typeof(UpdateMessageBody))]
[JsonSerializable(typeof(PostEphemeralBody))]
[JsonSerializable(typeof(OpenViewBody))]
[JsonSerializable(typeof(PublishViewBody))]
[JsonSerializable(typeof(UpdateViewBody))]
[JsonSerializable(typeof(ReplyBody))]
[JsonSerializable(typeof(ViewAnswerBody))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class WebApiJsonContext : JsonSerializerContext;
