using System.Text.Json;
using System.Text.RegularExpressions;

namespace LearningBot.Meetings;

internal sealed record MeetingItem(int Index, string? SellerEmail, CalendarEntry Entry, DateTimeOffset? UpdatedAt = null);

/// <summary>A parsed batch; <see cref="Errors"/> read like <c>meetings[2].start: …</c>, every problem, not just the first.</summary>
internal sealed record MeetingBatch(IReadOnlyList<MeetingItem> Meetings, IReadOnlyList<DeletedItem> Deleted, IReadOnlyList<string> Errors);

/// <summary>
/// The JSON shape of POST /api/meetings:
/// <c>{"meetings": [{"uid", "seller_email", "title", "description", "start", "end", "attendees", "all_day", "cancelled", "updated_at"}],
/// "deleted": ["uid" or {"uid", "updated_at"}]}</c>. Times are ISO 8601 with an offset; they are stored in UTC. The optional
/// updated_at orders the sender's changes (<see cref="WebhookItemVersions"/>).
/// </summary>
internal static partial class MeetingPayload
{
    private static readonly string[] Fields = ["uid", "seller_email", "title", "description", "start", "end", "attendees", "all_day", "cancelled", WebhookBody.UpdatedAtField];

    public static MeetingBatch Parse(JsonElement root)
    {
        var items = new List<MeetingItem>();
        if (root.ValueKind != JsonValueKind.Object)
            return new MeetingBatch(items, [], [WebhookBody.NotAnObject("meetings")]);

        var errors = WebhookBody.UnknownFields(root, "meetings").ToList();

        if (root.TryGetProperty("meetings", out var meetings))
        {
            if (meetings.ValueKind != JsonValueKind.Array)
                errors.Add("\"meetings\" must be an array");
            else
            {
                var index = 0;
                foreach (var element in meetings.EnumerateArray())
                {
                    if (ParseItem(element, index++, errors) is { } item)
                        items.Add(item);
                }
            }
        }

        var deleted = WebhookBody.Deleted(root, "meeting uids", "uid", errors);

        foreach (var duplicate in items.GroupBy(i => i.Entry.ExternalUid).Where(g => g.Count() > 1))
            errors.Add($"meetings[{duplicate.Last().Index}].uid: \"{duplicate.Key}\" appears more than once in this batch");
        return new MeetingBatch(items, deleted, errors);
    }

    private static MeetingItem? ParseItem(JsonElement element, int index, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"meetings[{index}]: each meeting must be an object");
            return null;
        }
        var before = errors.Count;
        void Error(string field, string message) => errors.Add($"meetings[{index}].{field}: {message}");

        foreach (var property in element.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
            Error(property.Name, $"unknown field (known: {string.Join(", ", Fields)})");

        var uid = Text(element, "uid", Error)?.Trim();
        if (string.IsNullOrEmpty(uid))
            Error("uid", "required");
        else if (uid.Length > 1000)
            Error("uid", "longer than 1000 characters");

        var seller = Text(element, "seller_email", Error)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(seller))
            Error("seller_email", "required");
        else if (!Email().IsMatch(seller))
            Error("seller_email", $"\"{seller}\" is not an email address");

        var start = Time(element, "start", Error);
        var end = Time(element, "end", Error);
        if (start is not null && end is not null && end < start)
            Error("end", "is before start");

        var attendees = new List<string>();
        if (element.TryGetProperty("attendees", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
                Error("attendees", "must be an array of email addresses");
            else
            {
                foreach (var attendee in list.EnumerateArray())
                {
                    var email = attendee.ValueKind == JsonValueKind.String ? attendee.GetString()!.Trim().ToLowerInvariant() : null;
                    if (email is null || !Email().IsMatch(email))
                        Error("attendees", $"{attendee.GetRawText()} is not an email address");
                    else
                        attendees.Add(email);
                }
            }
        }

        var allDay = Flag(element, "all_day", Error);
        var cancelled = Flag(element, "cancelled", Error);
        var title = Text(element, "title", Error) ?? "";
        var description = Text(element, "description", Error) ?? "";
        var updatedAt = WebhookBody.UpdatedAt(element, message => Error(WebhookBody.UpdatedAtField, message));
        if (errors.Count > before)
            return null;
        return new MeetingItem(index, seller, new CalendarEntry(
            uid!, title.Trim(), description.Trim(), start!.Value, end!.Value, allDay, [.. attendees.Distinct(StringComparer.Ordinal)], cancelled), updatedAt);
    }

    private static string? Text(JsonElement element, string name, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        error(name, "must be a string");
        return null;
    }

    private static bool Flag(JsonElement element, string name, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        error(name, "must be true or false");
        return false;
    }

    private static DateTimeOffset? Time(JsonElement element, string name, Action<string, string> error)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            error(name, "required (an ISO 8601 time with an offset, like 2030-03-19T10:00:00+01:00)");
            return null;
        }
        var text = Text(element, name, error)?.Trim();
        if (text is null)
            return null;
        if (!WebhookBody.TryParseTime(text, out var time))
        {
            error(name, $"\"{text}\" is not an ISO 8601 time with an offset (like 2030-03-19T10:00:00Z)");
            return null;
        }
        return time;
    }

    [GeneratedRegex(@"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")]
    private static partial Regex Email();
}
