using System.Text.Json;

namespace LearningBot.Slack.Payloads;

/// <summary>Lenient reads of optional fields: Slack adds fields freely and omits empty ones.</summary>
internal static class JsonElementReading
{
    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string? Str(this JsonElement element, string name, string inner) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.Str(inner) : null;

    public static bool Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement Obj(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;
}
