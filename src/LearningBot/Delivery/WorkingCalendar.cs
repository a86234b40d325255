namespace LearningBot.Delivery;

/// <summary>Working hours in a seller's own time zone, turned into absolute time (DST and odd offsets included).</summary>
internal sealed class WorkingCalendar(TimeZoneInfo zone, PacingRules rules)
{
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a local wall-clock time happens; a time skipped by a DST jump moves forward past the gap.</summary>
    public DateTimeOffset Instant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public TimeRange? WorkingWindow(DateOnly date) =>
        rules.WorkingDays.Contains(date.DayOfWeek)
            ? new TimeRange(Instant(date, rules.WorkdayStart), Instant(date, rules.WorkdayEnd))
            : null;

    /// <summary>Every working window that overlaps [from, until], in order.</summary>
    public IEnumerable<TimeRange> WorkingWindows(DateTimeOffset from, DateTimeOffset until)
    {
        for (var date = LocalDate(from).AddDays(-1); date <= LocalDate(until).AddDays(1); date = date.AddDays(1))
        {
            if (WorkingWindow(date) is { } window && window.End > from && window.Start <= until)
                yield return window;
        }
    }

    public DateTimeOffset StartOfDay(DateOnly date) => Instant(date, TimeOnly.MinValue);

    /// <summary>Monday of the local week the date falls in.</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The instant that lies <paramref name="amount"/> of working time after <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan amount)
    {
        var left = amount;
        for (var date = LocalDate(from); ; date = date.AddDays(1))
        {
            if (WorkingWindow(date) is not { } window || window.End <= from)
                continue;
            var start = window.Start > from ? window.Start : from;
            var available = window.End - start;
            if (available >= left)
                return start + left;
            left -= available;
        }
    }

    /// <summary>The instant that lies <paramref name="amount"/> of working time before <paramref name="from"/>.</summary>
    public DateTimeOffset SubtractWorkingTime(DateTimeOffset from, TimeSpan amount)
    {
        var left = amount;
        for (var date = LocalDate(from); ; date = date.AddDays(-1))
        {
            if (WorkingWindow(date) is not { } window || window.Start >= from)
                continue;
            var end = window.End < from ? window.End : from;
            var available = end - window.Start;
            if (available >= left)
                return end - left;
            left -= available;
        }
    }

    /// <summary>
    /// The start of the next working half-day after <paramref name="instant"/>: each working day splits at the midpoint
    /// of its hours (09:00–13:00, 13:00–17:00 by default).
    /// </summary>
    public DateTimeOffset NextHalfDayStart(DateTimeOffset instant)
    {
        var midday = rules.WorkdayStart.Add((rules.WorkdayEnd - rules.WorkdayStart) / 2);
        for (var date = LocalDate(instant); ; date = date.AddDays(1))
        {
            if (!rules.WorkingDays.Contains(date.DayOfWeek))
                continue;
            foreach (var start in new[] { Instant(date, rules.WorkdayStart), Instant(date, midday) })
            {
                if (start > instant)
                    return start;
            }
        }
    }

    public string Describe(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
