using LearningBot.Delivery;

namespace LearningBot.Tests.Delivery;

/// <summary>The dispatcher's re-check of a meeting lesson against its meeting. Tuesday 1 December 2026, Berlin.</summary>
public sealed class SendTimeCheckTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private const string Planned = "Before Proseware renewal, Tue 13:00: the title names Proseware; planned for Tue 11:00 (the latest free 15 minutes)";

    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0)
    {
        var local = new DateTime(2026, 12, day, hour, minute, second);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    private static readonly PlanningMeeting Meeting = new(7, 1, "Proseware renewal", At(1, 13), At(1, 14), false);

    private static SellerSchedule Seller(IEnumerable<LessonSend>? sends = null) =>
        new(Berlin, PacingRules.Default, [new TimeRange(Meeting.StartsAt, Meeting.EndsAt)], [.. sends ?? []]);

    [Fact]
    public void A_meeting_lesson_checked_the_day_after_its_meeting_is_skipped_because_the_meeting_started_first()
    {
        var verdict = SendTimeCheck.Decide(Seller(), Meeting.Id, Meeting, Planned, At(1, 11), At(2, 10));

        var skip = Assert.IsType<SendTimeVerdict.Skip>(verdict);
        Assert.Equal("Before Proseware renewal, Tue 13:00: the title names Proseware; planned for Tue 11:00 but skipped at send time: "
            + "the meeting started at Tue 13:00 before the lesson could be sent", skip.Reason);
    }

    [Fact]
    public void A_meeting_lesson_checked_inside_the_last_two_hours_before_its_meeting_is_skipped_not_sent()
    {
        var verdict = SendTimeCheck.Decide(Seller(), Meeting.Id, Meeting, Planned, At(1, 10), At(1, 11, 30));

        var skip = Assert.IsType<SendTimeVerdict.Skip>(verdict);
        Assert.EndsWith("skipped at send time: the meeting at Tue 13:00 was less than 2 h away before the lesson could be sent", skip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lesson_due_exactly_two_hours_before_its_meeting_still_goes_out_when_checked_seconds_late()
    {
        Assert.IsType<SendTimeVerdict.Go>(SendTimeCheck.Decide(Seller(), Meeting.Id, Meeting, Planned, At(1, 11), At(1, 11, 0, 30)));
    }

    [Fact]
    public void A_skip_at_send_time_names_the_rule_that_leaves_no_later_moment_when_it_is_not_the_one_that_blocks_now()
    {
        var unfinished = new[] { new LessonSend("a", At(1, 9), null), new LessonSend("b", At(1, 9, 5), null) };
        var seller = new SellerSchedule(Berlin, PacingRules.Default, [], unfinished);

        var verdict = SendTimeCheck.Decide(seller, null, null, "Campaign “Winter release” starts Tue 08:00; planned for Tue 08:00 (x)", At(1, 8), At(1, 8));

        var skip = Assert.IsType<SendTimeVerdict.Skip>(verdict);
        Assert.Contains("Tue 08:00 is outside working hours", skip.Reason, StringComparison.Ordinal);
        Assert.EndsWith("and no later moment fits because 2 lessons sent earlier are still unfinished", skip.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meeting_that_is_gone_or_cancelled_says_which()
    {
        Assert.Equal("the meeting was removed from the calendar",
            Assert.IsType<SendTimeVerdict.Cancel>(SendTimeCheck.Decide(Seller(), Meeting.Id, null, Planned, At(1, 11), At(1, 11))).Reason);
        Assert.Equal("the meeting was cancelled",
            Assert.IsType<SendTimeVerdict.Cancel>(SendTimeCheck.Decide(Seller(), Meeting.Id, Meeting with { Cancelled = true }, Planned, At(1, 11), At(1, 11))).Reason);
    }
}
