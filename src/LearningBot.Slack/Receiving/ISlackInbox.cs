using System.Text.Json.Nodes;

namespace LearningBot.Slack.Receiving;

/// <summary>What Slack sent us, by the endpoint it came to.</summary>
public enum InboxKind
{
    Event,
    Command,
    Interaction,
}

/// <summary>A verified Slack request about to be stored before its ack (https://api.slack.com/apis/connections/events-api#responding).</summary>
/// <param name="DedupeKey">Equal for retries and double clicks of the same thing, so the second copy is dropped.</param>
/// <param name="AnswerInline">True for slash commands and view submissions, whose ack may carry the answer.</param>
public sealed record InboxRequest(
    InboxKind Kind,
    string DedupeKey,
    string? TeamId,
    string ContentType,
    string Body,
    bool AnswerInline);

/// <summary>The outcome of storing a request: stored (and maybe answered inline) or a duplicate of one stored before.</summary>
/// <param name="InlineAnswer">For <see cref="InboxRequest.AnswerInline"/> requests: completes with the ack body when the handler
/// finished within the inline budget, or with null when the answer will go to response_url / views.update instead.</param>
public sealed record InboxReceipt(bool Duplicate, Task<JsonObject?>? InlineAnswer)
{
    public static readonly InboxReceipt DuplicateRequest = new(true, null);
}

/// <summary>The durable hand-off between the HTTP receiver and the handlers: nothing is acked before it is stored here.</summary>
public interface ISlackInbox
{
    /// <summary>Stores the request unless one with the same dedupe key is already stored; returns once it is durable.</summary>
    ValueTask<InboxReceipt> StoreAsync(InboxRequest request, CancellationToken cancellationToken);
}
