using System.Globalization;
using System.Text.Json;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using static LearningBot.Discussions.SlackMessageFields;

namespace LearningBot.Discussions;

/// <summary>
/// A message in one of our discussion threads (a <c>message</c> event whose <c>thread_ts</c> is not its own ts) is
/// stored with its author and time and feeds search. Other bots are ignored here; our own messages never get this far
/// (the router drops them), and nothing here ever answers.
/// </summary>
internal sealed class ThreadReplyEvent(DiscussionStore store) : ISlackEventHandler
{
    public const string EventType = "message";
    private static readonly HashSet<string?> PeopleSubtypes = [null, "thread_broadcast", "file_share", "me_message"];

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.BotId is not null || !PeopleSubtypes.Contains(slackEvent.Subtype))
            return;
        if (slackEvent is not { Channel: { } channel, Ts: { } ts, ThreadTs: { } threadTs, User: { } user } || threadTs == ts)
            return;
        await store.SaveReplyAsync(channel, threadTs, ts, user, slackEvent.Text ?? "", ToTime(ts), null, cancellationToken);
    }
}

/// <summary>An edited reply (<c>message_changed</c>, a hidden subtype): the stored text becomes the new one.</summary>
internal sealed class ReplyEditedEvent(DiscussionStore store, TimeProvider time) : ISlackEventHandler
{
    public const string Subtype = "message_changed";

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        var message = slackEvent.Event.TryGetProperty("message", out var m) ? m : default;
        if (message.ValueKind != JsonValueKind.Object || Text(message, "bot_id") is not null || slackEvent.Channel is not { } channel)
            return;
        if (Text(message, "ts") is not { } ts || Text(message, "thread_ts") is not { } threadTs || threadTs == ts || Text(message, "user") is not { } user)
            return;
        var editedAt = message.TryGetProperty("edited", out var edited) && Text(edited, "ts") is { } editedTs
            ? ToTime(editedTs)
            : time.GetUtcNow();
        await store.SaveReplyAsync(channel, threadTs, ts, user, Text(message, "text") ?? "", ToTime(ts), editedAt, cancellationToken);
    }
}

/// <summary>A deleted reply (<c>message_deleted</c>, a hidden subtype): it leaves the discussion and search.</summary>
internal sealed class ReplyDeletedEvent(DiscussionStore store, TimeProvider time) : ISlackEventHandler
{
    public const string Subtype = "message_deleted";

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.Channel is not { } channel || Text(slackEvent.Event, "deleted_ts") is not { } deletedTs)
            return;
        var threadTs = slackEvent.Event.TryGetProperty("previous_message", out var previous) ? Text(previous, "thread_ts") : null;
        if (threadTs == deletedTs)
            return;
        await store.DeleteReplyAsync(channel, threadTs, deletedTs, time.GetUtcNow(), cancellationToken);
    }
}

/// <summary>Reading the message fields of events.</summary>
internal static class SlackMessageFields
{
    /// <summary>Slack message timestamps ("1700000000.000100") are unix seconds with microseconds.</summary>
    public static DateTimeOffset ToTime(string ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : throw new FormatException($"'{ts}' is not a Slack message timestamp.");

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
