using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace LearningBot.Meetings;

/// <summary>
/// One calendar entry in a window, normalised: UTC times, lower-case attendee emails, and an external uid that stays
/// the same when a recurring instance is moved (UID plus the instance's original start).
/// </summary>
internal sealed record CalendarEntry(
    string ExternalUid, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool AllDay,
    IReadOnlyList<string> AttendeeEmails, bool Cancelled);

/// <summary>The iCalendar text could not be read; the message says why, without the text itself.</summary>
internal sealed class CalendarFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads Google and Outlook iCalendar exports with Ical.Net: recurring events expanded over the window (RRULE, EXDATE,
/// RECURRENCE-ID overrides), TZID times resolved to UTC, all-day events flagged (busy, not meetings), and an event the
/// calendar cancelled or the seller declined marked cancelled.
/// </summary>
internal static class IcsCalendarReader
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(14);

    /// <param name="floatingZone">The zone for times without one (all-day dates and floating times): the seller's.</param>
    /// <exception cref="CalendarFormatException">The text is not an iCalendar.</exception>
    public static IReadOnlyList<CalendarEntry> Read(
        string text, string sellerEmail, DateTimeOffset from, TimeSpan window, TimeZoneInfo floatingZone)
    {
        // A feed address that lost its access answers with a sign-in page; reading that as an empty calendar would cancel every meeting.
        if (!text.Contains("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
            throw new CalendarFormatException("not an iCalendar (no BEGIN:VCALENDAR)");
        // A download cut short would silently drop the events after the cut, and so cancel them.
        if (!text.Contains("END:VCALENDAR", StringComparison.OrdinalIgnoreCase))
            throw new CalendarFormatException("the iCalendar is cut short (no END:VCALENDAR)");
        Ical.Net.Calendar calendar;
        try
        {
            calendar = Ical.Net.Calendar.Load(text) ?? throw new CalendarFormatException("the text holds no VCALENDAR");
        }
        catch (Exception e) when (e is not CalendarFormatException)
        {
            throw new CalendarFormatException($"not a readable iCalendar ({e.GetType().Name}: {e.Message})", e);
        }
        if (calendar.Events.FirstOrDefault(e => e.DtStart is null) is { } broken)
            throw new CalendarFormatException($"the event {broken.Uid ?? broken.Summary ?? "without a UID"} has no readable DTSTART");
        var seller = sellerEmail.Trim().ToLowerInvariant();
        var start = new CalDateTime(from.UtcDateTime, CalDateTime.UtcTzId);
        var end = new CalDateTime((from + window).UtcDateTime, CalDateTime.UtcTzId);
        // Start a day early so all-day and long events that began before the window but overlap it are seen.
        var occurrences = calendar.GetOccurrences<CalendarEvent>(start.AddDays(-1), new EvaluationOptions()).TakeWhileBefore(end);
        var calendarCancelled = string.Equals(calendar.Method, "CANCEL", StringComparison.OrdinalIgnoreCase);

        var entries = new Dictionary<string, CalendarEntry>(StringComparer.Ordinal);
        try
        {
            foreach (var occurrence in occurrences)
                Add(occurrence, seller, from, window, floatingZone, calendarCancelled, entries);
        }
        catch (Exception e)
        {
            throw new CalendarFormatException($"the calendar's events cannot be expanded ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})", e);
        }
        return [.. entries.Values.OrderBy(e => e.StartsAt).ThenBy(e => e.ExternalUid, StringComparer.Ordinal)];
    }

    private static void Add(
        Occurrence occurrence, string seller, DateTimeOffset from, TimeSpan window, TimeZoneInfo floatingZone, bool calendarCancelled,
        Dictionary<string, CalendarEntry> entries)
    {
        if (occurrence.Source is not CalendarEvent calendarEvent || string.IsNullOrWhiteSpace(calendarEvent.Uid))
            return;
        var allDay = calendarEvent.IsAllDay || !occurrence.Period.StartTime.HasTime;
        var startsAt = ToUtc(occurrence.Period.StartTime, floatingZone);
        var endsAt = ToUtc(occurrence.Period.EffectiveEndTime ?? occurrence.Period.StartTime, floatingZone);
        if (endsAt < startsAt)
            endsAt = startsAt;
        if (startsAt >= from + window || endsAt <= from && !(endsAt == startsAt && startsAt == from))
            return;

        // Meeting rooms and equipment are not people who could be a customer or a partner.
        var attendees = calendarEvent.Attendees
            .Where(a => a.Type is not ("ROOM" or "RESOURCE"))
            .Select(a => EmailOf(a.Value))
            .Append(EmailOf(calendarEvent.Organizer?.Value))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var declined = calendarEvent.Attendees.Any(a =>
            EmailOf(a.Value) == seller && string.Equals(a.ParticipationStatus, "DECLINED", StringComparison.OrdinalIgnoreCase));
        var cancelled = calendarCancelled || string.Equals(calendarEvent.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase) || declined;

        var entry = new CalendarEntry(
            ExternalUid(calendarEvent, occurrence, floatingZone),
            calendarEvent.Summary?.Trim() ?? "",
            calendarEvent.Description?.Trim() ?? "",
            startsAt, endsAt, allDay, attendees, cancelled);
        entries[entry.ExternalUid] = entry;
    }

    /// <summary>UID for a one-off event; UID plus the original instance start for a recurring one, so a moved instance keeps its identity.</summary>
    private static string ExternalUid(CalendarEvent calendarEvent, Occurrence occurrence, TimeZoneInfo floatingZone)
    {
        var uid = calendarEvent.Uid!.Trim();
        if (calendarEvent.RecurrenceIdentifier?.StartTime is { } recurrenceId)
            return uid + "/" + InstanceKey(recurrenceId, floatingZone);
        if (calendarEvent.RecurrenceRule is not null || calendarEvent.RecurrenceDates.GetAllPeriods().Any())
            return uid + "/" + InstanceKey(occurrence.Period.StartTime, floatingZone);
        return uid;
    }

    private static string InstanceKey(CalDateTime instance, TimeZoneInfo floatingZone) =>
        instance.HasTime
            ? ToUtc(instance, floatingZone).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            : instance.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static DateTimeOffset ToUtc(CalDateTime value, TimeZoneInfo floatingZone)
    {
        if (value.IsFloating || !value.HasTime)
        {
            var local = DateTime.SpecifyKind(value.Date.ToDateTime(value.Time ?? TimeOnly.MinValue), DateTimeKind.Unspecified);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, floatingZone), TimeSpan.Zero);
        }
        return new DateTimeOffset(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc));
    }

    private static string? EmailOf(Uri? address)
    {
        if (address is null)
            return null;
        var text = Uri.UnescapeDataString(address.OriginalString).Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            text = text["mailto:".Length..];
        return text.Contains('@', StringComparison.Ordinal) ? text.ToLowerInvariant() : null;
    }
}
