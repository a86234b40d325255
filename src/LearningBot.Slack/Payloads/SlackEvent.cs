using System.Text.Json;

namespace LearningBot.Slack.Payloads;

/// <summary>One Events API delivery: the <c>event_callback</c> envelope and its inner event (https://api.slack.com/apis/connections/events-api#callback-field).</summary>
/// <param name="Event">The inner <c>event</c> object, for fields this record does not name.</param>
public sealed record SlackEvent(string EventId, string? TeamId, string Type, JsonElement Event)
{
    public string? Subtype => Event.Str("subtype");
    public string? User => Event.Str("user");
    public string? BotId => Event.Str("bot_id");
    public string? Text => Event.Str("text");
    public string? Channel => Event.Str("channel");
    public string? Ts => Event.Str("ts");
    public string? ThreadTs => Event.Str("thread_ts");

    /// <summary>1 for the first try; higher when handling is retried after a failure or crash (check before re-posting).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Hidden message subtypes such as <c>message_changed</c> (https://api.slack.com/events/message#hidden_subtypes).</summary>
    public bool Hidden => Event.Bool("hidden");

    /// <summary>Reads an <c>event_callback</c> body; null when it is not one.</summary>
    public static SlackEvent? Parse(string body)
    {
        var root = JsonSerializer.Deserialize<JsonElement>(body);
        if (root.Str("type") != "event_callback")
            return null;
        var inner = root.Obj("event");
        var type = inner.Str("type");
        var eventId = root.Str("event_id");
        if (type is null || eventId is null)
            return null;
        return new SlackEvent(eventId, root.Str("team_id"), type, inner);
    }
}
