using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LearningBot.Meetings;

/// <summary>An id listed under "deleted", with the sender's time of the delete when it gave one.</summary>
internal sealed record DeletedItem(string Id, DateTimeOffset? UpdatedAt);

/// <summary>
/// The envelope both webhooks share: a JSON object with one list of items under <c>listName</c> and a <c>"deleted"</c>
/// array of the ids to remove; these read the parts outside the items, with the same messages for both.
/// </summary>
internal static partial class WebhookBody
{
    public const string UpdatedAtField = "updated_at";

    public static string NotAnObject(string listName) => $"the body must be a JSON object with \"{listName}\" and/or \"deleted\"";

    public static IEnumerable<string> UnknownFields(JsonElement root, string listName) =>
        root.EnumerateObject().Where(p => p.Name != listName && p.Name != "deleted")
            .Select(p => $"unknown top-level field \"{p.Name}\" (expected \"{listName}\" and \"deleted\")");

    /// <summary>
    /// The ids under "deleted": each a non-blank string, or an object <c>{"{idField}": "…", "updated_at": "…"}</c> that says
    /// when it was deleted; none with an error when the list is anything else.
    /// </summary>
    public static List<DeletedItem> Deleted(JsonElement root, string ids, string idField, List<string> errors)
    {
        if (!root.TryGetProperty("deleted", out var removed))
            return [];
        var items = new List<DeletedItem>();
        var shape = $"\"deleted\" must be an array of {ids} (strings, or objects with \"{idField}\" and \"{UpdatedAtField}\")";
        if (removed.ValueKind != JsonValueKind.Array)
        {
            errors.Add(shape);
            return [];
        }
        var index = 0;
        foreach (var entry in removed.EnumerateArray())
        {
            var at = $"deleted[{index++}]";
            if (entry.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(entry.GetString()))
            {
                items.Add(new DeletedItem(entry.GetString()!.Trim(), null));
                continue;
            }
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty(idField, out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString())
                || entry.EnumerateObject().Any(p => p.Name != idField && p.Name != UpdatedAtField))
            {
                errors.Add(shape);
                return [];
            }
            var updatedAt = UpdatedAt(entry, message => errors.Add($"{at}.{UpdatedAtField}: {message}"));
            items.Add(new DeletedItem(id.GetString()!.Trim(), updatedAt));
        }
        return items;
    }

    /// <summary>The optional "updated_at" of an item, in UTC; a value that is not an ISO 8601 time with an offset is an error.</summary>
    public static DateTimeOffset? UpdatedAt(JsonElement item, Action<string> error)
    {
        if (!item.TryGetProperty(UpdatedAtField, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String && TryParseTime(value.GetString()!, out var time))
            return time;
        error($"{value.GetRawText()} is not an ISO 8601 time with an offset (like 2030-03-19T10:00:00Z)");
        return null;
    }

    /// <summary>An ISO 8601 time with an offset (or Z), in UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset utc)
    {
        text = text.Trim();
        if (OffsetTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            utc = time.ToUniversalTime();
            return true;
        }
        utc = default;
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetTime();
}
