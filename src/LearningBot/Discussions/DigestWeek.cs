namespace LearningBot.Discussions;

/// <summary>
/// The digest a channel is due: the latest Monday 09:00 in the channel's zone that has passed, and the week before it
/// that the digest looks back on. A 09:00 that a DST change skips becomes the first valid time after it.
/// </summary>
internal readonly record struct DigestWeek(DateOnly Monday, DateTimeOffset Due, DateTimeOffset Covers)
{
    public static readonly TimeOnly At = new(9, 0);

    public static DigestWeek Latest(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        if (Instant(monday, zone) > now)
            monday = monday.AddDays(-7);
        return new DigestWeek(monday, Instant(monday, zone), Instant(monday.AddDays(-7), zone));
    }

    private static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(At);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
