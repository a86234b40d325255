using LearningBot.Discussions;

namespace LearningBot.Tests.Discussions;

public sealed class DigestWeekTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset BerlinTime(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    [Fact]
    public void A_digest_is_due_from_monday_nine_in_the_channels_zone_and_not_a_minute_before()
    {
        Assert.Equal(new DateOnly(2027, 1, 4), DigestWeek.Latest(BerlinTime(2027, 1, 11, 8, 59), Berlin).Monday);
        var due = DigestWeek.Latest(BerlinTime(2027, 1, 11, 9, 0), Berlin);
        Assert.Equal(new DateOnly(2027, 1, 11), due.Monday);
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), due.Due);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), due.Covers);
        Assert.Equal(new DateOnly(2027, 1, 11), DigestWeek.Latest(BerlinTime(2027, 1, 17, 23, 59), Berlin).Monday);
    }

    [Fact]
    public void The_same_instant_is_a_different_week_in_another_zone()
    {
        var now = new DateTimeOffset(2027, 1, 11, 8, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2027, 1, 11), DigestWeek.Latest(now, Berlin).Monday);
        Assert.Equal(new DateOnly(2027, 1, 4), DigestWeek.Latest(now, TimeZoneInfo.Utc).Monday);
    }

    [Fact]
    public void The_week_before_a_clock_change_is_an_hour_short_and_both_ends_stay_at_nine_local()
    {
        var week = DigestWeek.Latest(BerlinTime(2027, 3, 29, 10, 0), Berlin);

        Assert.Equal(TimeSpan.FromHours(167), week.Due - week.Covers);
        Assert.Equal(9, TimeZoneInfo.ConvertTime(week.Covers, Berlin).Hour);
        Assert.Equal(9, TimeZoneInfo.ConvertTime(week.Due, Berlin).Hour);
    }
}
