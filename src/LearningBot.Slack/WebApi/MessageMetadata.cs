using System.Globalization;
using System.Text.Json;

namespace LearningBot.Slack.WebApi;

/// <summary>
/// Message metadata: an event type and a flat payload of strings and numbers, attached to a post and read back from
/// history (https://docs.slack.dev/messaging/message-metadata).
/// </summary>
public sealed record MessageMetadata(string EventType, IReadOnlyDictionary<string, JsonElement> EventPayload)
{
    public static MessageMetadata Of(string eventType, string key, string value) =>
        new(eventType, new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(value, WebApiJsonContext.Default.String) });

    public static MessageMetadata Of(string eventType, string key, long value) =>
        new(eventType, new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(value, WebApiJsonContext.Default.Int64) });

    /// <summary>A payload value as text: a string as it is, a number as written; null when absent or of another kind.</summary>
    public string? Value(string key) => EventPayload.TryGetValue(key, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        }
        : null;

    /// <summary>Whether this is our <paramref name="eventType"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public bool Carries(string eventType, string key, string value) => EventType == eventType && Value(key) == value;

    /// <summary>Reads the <c>metadata</c> object of a message; null when it is missing or has no event type.</summary>
    internal static MessageMetadata? Read(JsonElement metadata)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty("event_type", out var type) || type.ValueKind != JsonValueKind.String)
            return null;
        var payload = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (metadata.TryGetProperty("event_payload", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in fields.EnumerateObject())
                payload[field.Name] = field.Value.Clone();
        }
        return new MessageMetadata(type.GetString()!, payload);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{EventType} {{{string.Join(", ", EventPayload.Keys.Select(k => $"{k}={Value(k)}"))}}}");
}
