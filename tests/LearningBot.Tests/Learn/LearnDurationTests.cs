using LearningBot.Delivery;
using LearningBot.Learn;

namespace LearningBot.Tests.Learn;

public sealed class LearnDurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    [Theory]
    [InlineData("until 0001-01-01", "has already passed")]
    [InlineData("until 2026-03-09", "has already passed")]
    [InlineData("until 9999-12-31", "at the latest")]
    [InlineData("until 2027-03-11", "at the latest")]
    [InlineData("999w", "at the latest")]
    public void A_pause_ending_in_the_past_or_beyond_the_limit_is_refused_with_a_reason(string text, string problem)
    {
        var pause = LearnDuration.Pause(text, Now, TimeZoneInfo.Utc, Year);

        Assert.NotNull(pause);
        Assert.Null(pause.Until);
        Assert.Contains(problem, pause.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Today_and_the_last_day_of_the_limit_are_accepted()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), LearnDuration.Pause("until 2026-03-10", Now, TimeZoneInfo.Utc, Year)!.Until);
        Assert.Equal(new DateTimeOffset(2027, 3, 11, 0, 0, 0, TimeSpan.Zero), LearnDuration.Pause("until 2027-03-10", Now, TimeZoneInfo.Utc, Year)!.Until);
        Assert.Null(LearnDuration.Pause("0d", Now, TimeZoneInfo.Utc, Year));
    }

    [Fact]
    public void An_end_more_than_six_months_away_shows_its_year_and_a_near_one_does_not()
    {
        Assert.Equal("Fri 13 Mar 12:00", LearnDuration.Describe(Now.AddDays(3), Now, TimeZoneInfo.Utc));
        Assert.Equal("Mon 16 Nov 2026 12:00", LearnDuration.Describe(Now.AddDays(251), Now, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("3651.00:00:00")]
    public void A_max_pause_outside_one_hour_to_ten_years_stops_the_start(string maxPause)
    {
        var result = new PacingOptionsValidator().Validate(null, new PacingOptions { MaxPause = TimeSpan.Parse(maxPause, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Pacing:MaxPause", result.FailureMessage, StringComparison.Ordinal);
    }
}
