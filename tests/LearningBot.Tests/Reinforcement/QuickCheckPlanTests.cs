using LearningBot.Delivery;
using LearningBot.Reinforcement;

namespace LearningBot.Tests.Reinforcement;

/// <summary>Quick checks under the pacing rules and their own caps. Week of 2026-11-30 (Monday), Berlin time.</summary>
public sealed class QuickCheckPlanTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly QuickCheckRules Rules = new(2, TimeSpan.FromHours(1), 0.9);
    private static readonly Fsrs Fsrs = new();

    private static DateTimeOffset At(int day, int hour, int minute = 0)
    {
        var local = new DateTime(2026, day >= 28 ? 11 : 12, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    private static SellerSchedule Seller(IEnumerable<TimeRange>? busy = null, IEnumerable<LessonSend>? sends = null, DateTimeOffset? pausedUntil = null) =>
        new(Berlin, PacingRules.Default, [.. busy ?? []], [.. sends ?? []], pausedUntil);

    /// <summary>An item missed in a lesson at <paramref name="reviewed"/>: FSRS brings it back a day later.</summary>
    private static MemoryItem Missed(long question, DateTimeOffset reviewed, string partner = "northwind")
    {
        var review = Fsrs.Review(null, Grade.Again, 0);
        return new MemoryItem(question, "nw-what", "What Northwind does", partner, review.State.Stability, reviewed,
            reviewed.AddDays(review.IntervalDays), LastMissed: true);
    }

    private static MemoryItem Known(long question, DateTimeOffset reviewed, string partner = "northwind")
    {
        var review = Fsrs.Review(null, Grade.Good, 0);
        return new MemoryItem(question, "nw-what", "What Northwind does", partner, review.State.Stability, reviewed,
            reviewed.AddDays(review.IntervalDays), LastMissed: false);
    }

    private static IReadOnlyList<QuickCheckDecision> Decide(
        SellerSchedule seller, IReadOnlyList<MemoryItem> items, DateTimeOffset now, IReadOnlyList<RecallMeeting>? meetings = null,
        IReadOnlyList<DateTimeOffset>? sent = null, QuickCheckRules? rules = null) =>
        QuickCheckPlan.Decide(seller, sent ?? [], items, meetings ?? [], new HashSet<long>(), rules ?? Rules, Fsrs, now);

    [Fact]
    public void A_missed_question_comes_back_at_the_first_free_moment_once_it_is_due()
    {
        var decisions = Decide(Seller(), [Missed(1, At(30, 10))], At(30, 10, 5));

        var check = Assert.Single(decisions);
        Assert.True(check.Planned);
        Assert.Equal(At(1, 10), check.DueAt);
        Assert.Contains("you missed this", check.Reason, StringComparison.Ordinal);
        Assert.Contains("planned for", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_more_than_the_daily_cap_and_never_inside_a_meeting()
    {
        var items = Enumerable.Range(1, 5).Select(i => Missed(i, At(30, 10))).ToList();
        var meeting = new TimeRange(At(1, 9), At(1, 12));

        var planned = Decide(Seller(busy: [meeting]), items, At(30, 10, 5)).Where(d => d.Planned).ToList();

        Assert.Equal(5, planned.Count);
        Assert.All(planned.GroupBy(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d.DueAt, Berlin).DateTime)), day => Assert.True(day.Count() <= 2));
        Assert.DoesNotContain(planned, d => d.DueAt >= meeting.Start && d.DueAt < meeting.End);
        Assert.All(planned, d => Assert.True(d.DueAt >= At(1, 12)));
    }

    [Fact]
    public void A_quick_check_keeps_a_working_hour_from_any_other_message_and_a_lesson_wins_the_gap()
    {
        var lesson = new LessonSend("other", At(1, 10), null);

        var check = Assert.Single(Decide(Seller(sends: [lesson]), [Missed(1, At(30, 10))], At(30, 10, 5)));

        Assert.Equal(At(1, 11), check.DueAt);
    }

    [Fact]
    public void A_pause_holds_quick_checks_back_too()
    {
        var check = Assert.Single(Decide(Seller(pausedUntil: At(3, 9)), [Missed(1, At(30, 10))], At(30, 10, 5)));

        Assert.Equal(At(3, 9), check.DueAt);
    }

    [Fact]
    public void Sent_quick_checks_count_toward_the_day()
    {
        var check = Assert.Single(Decide(Seller(), [Missed(1, At(30, 10))], At(1, 9, 30), sent: [At(1, 9), At(1, 9, 20)]));

        Assert.Equal(At(2, 9), check.DueAt);
    }

    [Fact]
    public void Before_a_partner_meeting_the_weakest_item_is_recalled_in_the_latest_gap_between_24_and_2_hours_before()
    {
        var meeting = new RecallMeeting(7, "Contoso + Northwind", At(3, 15), ["northwind"]);
        var items = new[] { Known(1, At(30, 10)), Missed(2, At(30, 10)), Missed(3, At(30, 10), partner: "tessera") };

        var decisions = Decide(Seller(), items, At(2, 9), [meeting]);

        var recall = Assert.Single(decisions, d => d.MeetingId == 7);
        Assert.Equal(2, recall.QuestionId);
        Assert.Equal(At(3, 13), recall.DueAt);
        Assert.StartsWith("Before Contoso + Northwind, ", recall.Reason, StringComparison.Ordinal);
        Assert.Contains("you missed this on", recall.Reason, StringComparison.Ordinal);
        Assert.Matches(@"predicted recall at the meeting \d+%", recall.Reason);
        Assert.DoesNotContain(decisions, d => d.QuestionId == 2 && d.MeetingId is null);
    }

    [Fact]
    public void No_recall_when_every_item_is_predicted_above_target_at_the_meeting()
    {
        var meeting = new RecallMeeting(7, "Contoso + Northwind", At(1, 15), ["northwind"]);

        var decisions = Decide(Seller(), [Known(1, At(30, 10))], At(30, 16), [meeting]);

        Assert.DoesNotContain(decisions, d => d.MeetingId == 7);
    }

    [Fact]
    public void At_most_one_recall_per_meeting_and_none_for_a_meeting_already_recalled()
    {
        var meeting = new RecallMeeting(7, "Contoso + Northwind", At(3, 15), ["northwind"]);
        var items = new[] { Missed(1, At(30, 10)), Missed(2, At(30, 10)) };

        Assert.Single(Decide(Seller(), items, At(2, 9), [meeting]), d => d.MeetingId == 7);
        Assert.DoesNotContain(
            QuickCheckPlan.Decide(Seller(), [], items, [meeting], new HashSet<long> { 7 }, Rules, Fsrs, At(2, 9)),
            d => d.MeetingId == 7);
    }

    [Fact]
    public void Quick_checks_switched_off_plan_nothing()
    {
        Assert.Empty(Decide(Seller(), [Missed(1, At(30, 10))], At(30, 10, 5), rules: Rules with { MaxPerDay = 0 }));
    }

    [Fact]
    public void An_item_with_no_free_moment_says_why()
    {
        var allWeek = new TimeRange(At(30, 0), At(30, 0).AddDays(20));

        var check = Assert.Single(Decide(Seller(busy: [allWeek]), [Missed(1, At(30, 10))], At(30, 10, 5)));

        Assert.False(check.Planned);
        Assert.Contains("skipped: no 15 minutes free", check.Reason, StringComparison.Ordinal);
    }
}
