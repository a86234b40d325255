using System.Text.Json;

namespace LearningBot.Meetings;

/// <summary>
/// The envelope both webhooks share: a JSON object with one list of items under <c>listName</c> and a <c>"deleted"</c>
/// array of the ids to remove; these read the parts outside the items, with the same messages for both.
/// </summary>
internal static class WebhookBody
{
    public static string NotAnObject(string listName) => $"the body must be a JSON object with \"{listName}\" and/or \"deleted\"";

    public static IEnumerable<string> UnknownFields(JsonElement root, string listName) =>
        root.EnumerateObject().Where(p => p.Name != listName && p.Name != "deleted")
            .Select(p => $"unknown top-level field \"{p.Name}\" (expected \"{listName}\" and \"deleted\")");

    /// <summary>The trimmed ids under "deleted", or none with an error when it is not an array of non-blank strings.</summary>
    public static List<string> Deleted(JsonElement root, string ids, List<string> errors)
    {
        if (!root.TryGetProperty("deleted", out var removed))
            return [];
        if (removed.ValueKind != JsonValueKind.Array
            || removed.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(u.GetString())))
        {
            errors.Add($"\"deleted\" must be an array of {ids} (strings)");
            return [];
        }
        return [.. removed.EnumerateArray().Select(u => u.GetString()!.Trim())];
    }
}
