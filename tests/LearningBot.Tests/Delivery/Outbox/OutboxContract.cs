using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;

namespace LearningBot.Tests.Delivery.Outbox;

/// <summary>
/// The outbox rules, once, for every implementation: the deliveries table and the simulator's outbox in memory must
/// agree on each transition, or <c>learningbot simulate</c> would show something the bot does not do.
/// </summary>
public abstract class OutboxContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IOutboxTransitions _outbox = null!;

    /// <summary>Two sellers, two meetings of the first, two quiz questions of lesson-1; lessons lesson-1 … lesson-3 at version 1.</summary>
    private protected abstract Task<(IOutboxTransitions Outbox, long Seller, long OtherSeller, long Meeting, long OtherMeeting, long Question, long OtherQuestion)> CreateAsync();

    /// <summary>Any row's status and reason, whatever its state (the interface reads only the rows planning looks at).</summary>
    private protected abstract Task<(DeliveryStatus Status, string Reason)?> RowAsync(long id);

    private long _seller, _otherSeller, _meeting, _otherMeeting, _question, _otherQuestion;

    public async ValueTask InitializeAsync() =>
        (_outbox, _seller, _otherSeller, _meeting, _otherMeeting, _question, _otherQuestion) = await CreateAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PlanSummary> ApplyAsync(Action<OutboxChanges> plan)
    {
        var changes = new OutboxChanges();
        plan(changes);
        return await _outbox.ApplyAsync(changes, Now, Cancel);
    }

    private async Task<IReadOnlyList<OutboxLesson>> LessonsAsync() => await _outbox.LessonsAsync([_seller], Cancel);

    private async Task<long> PlannedAsync(string lesson, DateTimeOffset dueAt, long? meeting = null)
    {
        await ApplyAsync(c => c.Plan(_seller, meeting is null ? DeliveryTrigger.Evergreen : DeliveryTrigger.Meeting, lesson, 1, meeting, dueAt, $"plan {lesson}"));
        return (await LessonsAsync()).Single(l => l.LessonId == lesson && l.Status == DeliveryStatus.Planned).Id;
    }

    private async Task<long> SentAsync(string lesson)
    {
        var id = await PlannedAsync(lesson, Now);
        Assert.NotNull(await _outbox.ClaimAsync(id, Now, Lease, Cancel));
        await _outbox.MarkSentAsync(id, new SentMessage("D1", "1.0001"), Now, Cancel);
        return id;
    }

    [Fact]
    public async Task A_seller_has_one_live_row_per_lesson()
    {
        var first = await ApplyAsync(c =>
        {
            c.Plan(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now.AddHours(1), "first");
            c.Plan(_seller, DeliveryTrigger.Campaign, "lesson-1", 1, null, Now.AddHours(2), "second");
            c.Plan(_otherSeller, DeliveryTrigger.Evergreen, "lesson-1", 1, null, Now.AddHours(3), "other seller");
        });
        var again = await ApplyAsync(c => c.Plan(_seller, DeliveryTrigger.Evergreen, "lesson-1", 1, null, Now.AddHours(4), "again"));

        Assert.Equal(new PlanSummary(2, 0, 0, 0), first);
        Assert.Equal(new PlanSummary(0, 0, 0, 0), again);
        var row = Assert.Single(await LessonsAsync());
        Assert.Equal(("first", DeliveryStatus.Planned, Now.AddHours(1), (long?)_meeting), (row.Reason, row.Status, row.DueAt, row.MeetingId));
    }

    [Fact]
    public async Task A_meeting_skip_is_recorded_once_and_replaced_only_when_its_moment_moves()
    {
        var first = await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now.AddDays(1), "no room"));
        var same = await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now.AddDays(1), "no room, later"));
        var moved = await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now.AddDays(2), "moved, still no room"));

        Assert.Equal((1, 0, 1), (first.Skipped, same.Skipped, moved.Skipped));
        var skip = Assert.Single(await LessonsAsync());
        Assert.Equal((DeliveryStatus.Skipped, "moved, still no room", Now.AddDays(2)), (skip.Status, skip.Reason, skip.DueAt));
    }

    [Fact]
    public async Task A_skip_without_a_meeting_is_kept_once_per_trigger_with_its_first_reason()
    {
        await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Campaign, "lesson-2", 1, null, Now, "first reason"));
        var again = await ApplyAsync(c =>
        {
            c.Skip(_seller, DeliveryTrigger.Campaign, "lesson-2", 1, null, Now.AddDays(1), "second reason");
            c.Skip(_seller, DeliveryTrigger.Evergreen, "lesson-2", 1, null, Now, "another trigger");
        });

        Assert.Equal(1, again.Skipped);
        Assert.Equal(["another trigger", "first reason"], (await LessonsAsync()).Select(l => l.Reason).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Moves_and_cancels_touch_only_planned_rows_and_count_only_real_changes()
    {
        var planned = await PlannedAsync("lesson-1", Now.AddHours(1));
        var sent = await SentAsync("lesson-2");

        var moved = await ApplyAsync(c =>
        {
            c.Move(planned, Now.AddHours(1), "plan lesson-1");
            c.Move(sent, Now.AddHours(5), "moved a sent row");
        });
        var reworded = await ApplyAsync(c => c.Move(planned, Now.AddHours(1), "new words"));
        var cancelled = await ApplyAsync(c =>
        {
            c.Cancel(planned, "the meeting was cancelled");
            c.Cancel(sent, "too late");
        });

        Assert.Equal((0, 1, 1), (moved.Replanned, reworded.Replanned, cancelled.Cancelled));
        Assert.Equal((DeliveryStatus.Cancelled, "the meeting was cancelled"), await RowAsync(planned));
        Assert.Equal((DeliveryStatus.Sent, "plan lesson-2"), await RowAsync(sent));
    }

    [Fact]
    public async Task A_planned_row_whose_chance_passed_becomes_the_skip_unless_that_skip_is_recorded()
    {
        var first = await PlannedAsync("lesson-1", Now, _meeting);
        await ApplyAsync(c => c.SkipPlanned(first, "skipped: too close"));
        var second = await PlannedAsync("lesson-1", Now.AddHours(1), _meeting);
        var summary = await ApplyAsync(c => c.SkipPlanned(second, "skipped again"));

        Assert.Equal(1, summary.Cancelled);
        Assert.Equal((DeliveryStatus.Skipped, "skipped: too close"), await RowAsync(first));
        Assert.Equal((DeliveryStatus.Cancelled, "skipped again"), await RowAsync(second));
    }

    [Fact]
    public async Task Forgetting_drops_skips_only()
    {
        await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now, "no room"));
        var skip = Assert.Single(await LessonsAsync()).Id;
        var planned = await PlannedAsync("lesson-2", Now.AddHours(1));

        await ApplyAsync(c =>
        {
            c.Forget(skip);
            c.Forget(planned);
        });

        Assert.Null(await RowAsync(skip));
        Assert.Equal(planned, Assert.Single(await LessonsAsync()).Id);
    }

    [Fact]
    public async Task A_question_has_one_live_quick_check_and_a_sent_one_is_read_while_recent()
    {
        var first = await ApplyAsync(c =>
        {
            c.PlanQuickCheck(_seller, "lesson-1", 1, _question, null, Now, "due again");
            c.PlanQuickCheck(_seller, "lesson-1", 1, _question, _meeting, Now.AddHours(1), "recall");
            c.PlanQuickCheck(_seller, "lesson-1", 1, _otherQuestion, null, Now.AddHours(2), "other question");
        });
        var check = (await _outbox.QuickChecksAsync([_seller], Now, Cancel)).Single(c => c.QuestionId == _question);
        Assert.NotNull(await _outbox.ClaimAsync(check.Id, Now, Lease, Cancel));
        var whileSending = await ApplyAsync(c => c.PlanQuickCheck(_seller, "lesson-1", 1, _question, null, Now, "again"));
        await _outbox.MarkSentAsync(check.Id, new SentMessage("D1", "2.0001"), Now, Cancel);
        var afterSent = await ApplyAsync(c => c.PlanQuickCheck(_seller, "lesson-1", 1, _question, null, Now.AddDays(3), "due once more"));

        Assert.Equal((2, 0, 1), (first.Planned, whileSending.Planned, afterSent.Planned));
        Assert.Equal(3, (await _outbox.QuickChecksAsync([_seller], Now, Cancel)).Count);
        Assert.DoesNotContain(await _outbox.QuickChecksAsync([_seller], Now.AddMinutes(1), Cancel), c => c.Id == check.Id);
        Assert.Empty(await LessonsAsync());
    }

    [Fact]
    public async Task Claiming_takes_due_planned_rows_in_due_order_up_to_the_limit()
    {
        var later = await PlannedAsync("lesson-1", Now.AddMinutes(-1));
        var earlier = await PlannedAsync("lesson-2", Now.AddMinutes(-5));
        var notDue = await PlannedAsync("lesson-3", Now.AddMinutes(1));

        var batch = await _outbox.ClaimDueAsync(Now, 1, Lease, Cancel);
        var rest = await _outbox.ClaimDueAsync(Now, 10, Lease, Cancel);

        Assert.Equal([earlier], batch.Select(b => b.Id));
        Assert.Equal([later], rest.Select(b => b.Id));
        Assert.Equal((DeliveryKind.Lesson, DeliveryTrigger.Evergreen, "plan lesson-1", false),
            (rest[0].Kind, rest[0].Trigger, rest[0].Reason, rest[0].OutcomeUnknown));
        Assert.Equal(DeliveryStatus.Sending, (await RowAsync(earlier))!.Value.Status);
        Assert.Equal(DeliveryStatus.Planned, (await RowAsync(notDue))!.Value.Status);
        Assert.Null(await _outbox.ClaimAsync(earlier, Now, Lease, Cancel));
        Assert.Equal(1, await _outbox.AttemptsAsync(earlier, Cancel));
    }

    [Fact]
    public async Task A_row_whose_lease_ran_out_is_claimed_again_and_a_failed_attempt_makes_its_outcome_unknown()
    {
        var id = await PlannedAsync("lesson-1", Now);
        await _outbox.ClaimAsync(id, Now, Lease, Cancel);
        Assert.Empty(await _outbox.ClaimStuckAsync(Now.AddMinutes(1), 10, Lease, Cancel));
        var stuck = await _outbox.ClaimStuckAsync(Now + Lease + TimeSpan.FromSeconds(1), 10, Lease, Cancel);
        Assert.Equal([id], stuck.Select(s => s.Id));
        Assert.Empty(await _outbox.ClaimStuckAsync(Now + Lease + TimeSpan.FromSeconds(2), 10, Lease, Cancel));

        await _outbox.ReleaseAsync(id, Now.AddMinutes(4), "retry", "Slack answered 503", Now, Cancel);
        Assert.Equal((DeliveryStatus.Planned, "retry"), await RowAsync(id));
        var retried = Assert.Single(await _outbox.ClaimDueAsync(Now.AddMinutes(4), 10, Lease, Cancel));
        Assert.True(retried.OutcomeUnknown);
        Assert.Equal(2, await _outbox.AttemptsAsync(id, Cancel));
    }

    [Fact]
    public async Task A_skip_at_send_time_replaces_the_older_skip_of_its_meeting_and_lesson()
    {
        await ApplyAsync(c => c.Skip(_seller, DeliveryTrigger.Meeting, "lesson-1", 1, _meeting, Now, "first skip"));
        var older = (await LessonsAsync()).Single().Id;
        var id = await PlannedAsync("lesson-1", Now, _meeting);
        await _outbox.ClaimAsync(id, Now, Lease, Cancel);

        await _outbox.FinishAsync(id, DeliveryStatus.Skipped, "skipped at send time", null, Now, Cancel);

        Assert.Null(await RowAsync(older));
        Assert.Equal((DeliveryStatus.Skipped, "skipped at send time"), await RowAsync(id));
    }

    [Fact]
    public async Task Only_a_claimed_row_is_finished_sent_or_released()
    {
        var planned = await PlannedAsync("lesson-1", Now);

        await _outbox.FinishAsync(planned, DeliveryStatus.Failed, "gone", "channel_not_found", Now, Cancel);
        await _outbox.MarkSentAsync(planned, new SentMessage("D1", "1.0001"), Now, Cancel);
        await _outbox.ReleaseAsync(planned, Now.AddDays(1), "later", null, Now, Cancel);
        Assert.Equal((DeliveryStatus.Planned, "plan lesson-1"), await RowAsync(planned));

        await _outbox.ClaimAsync(planned, Now, Lease, Cancel);
        await _outbox.FinishAsync(planned, DeliveryStatus.Failed, "gone", "channel_not_found", Now, Cancel);
        Assert.Equal((DeliveryStatus.Failed, "gone"), await RowAsync(planned));
    }

    [Fact]
    public async Task A_sent_row_is_completed_once_and_only_by_its_seller()
    {
        var id = await SentAsync("lesson-1");

        Assert.False(await _outbox.CompleteAsync(id, _otherSeller, Now, Cancel));
        Assert.True(await _outbox.CompleteAsync(id, _seller, Now.AddMinutes(30), Cancel));
        Assert.False(await _outbox.CompleteAsync(id, _seller, Now.AddMinutes(31), Cancel));
        Assert.Equal(Now.AddMinutes(30), Assert.Single(await LessonsAsync()).CompletedAt);
    }

    [Fact]
    public async Task A_snoozed_lesson_comes_back_planned_and_resuming_makes_it_sent_again()
    {
        var id = await SentAsync("lesson-1");

        Assert.False(await _outbox.SnoozeAsync(id, _otherSeller, Now.AddHours(4), Now, Cancel));
        Assert.True(await _outbox.SnoozeAsync(id, _seller, Now.AddHours(4), Now, Cancel));
        var snoozed = Assert.Single(await LessonsAsync());
        Assert.Equal((DeliveryStatus.Planned, Now.AddHours(4), "plan lesson-1; snoozed by the seller"), (snoozed.Status, snoozed.DueAt, snoozed.Reason));

        Assert.True(await _outbox.ResumeAsync(id, _seller, Now.AddMinutes(5), Cancel));
        Assert.False(await _outbox.ResumeAsync(id, _seller, Now.AddMinutes(6), Cancel));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await LessonsAsync()).Status);

        // Snoozed twice, the reason says so once.
        await _outbox.SnoozeAsync(id, _seller, Now.AddHours(4), Now, Cancel);
        await _outbox.ResumeAsync(id, _seller, Now, Cancel);
        await _outbox.SnoozeAsync(id, _seller, Now.AddHours(5), Now, Cancel);
        Assert.Equal("plan lesson-1; snoozed by the seller", Assert.Single(await LessonsAsync()).Reason);
    }

    [Fact]
    public async Task A_skipped_snoozed_lesson_is_resumed_unless_the_lesson_is_live_again()
    {
        var id = await SentAsync("lesson-1");
        await _outbox.SnoozeAsync(id, _seller, Now.AddHours(4), Now, Cancel);
        await ApplyAsync(c => c.Cancel(id, "the meeting was cancelled"));
        var other = await PlannedAsync("lesson-1", Now.AddDays(1));

        Assert.False(await _outbox.ResumeAsync(id, _seller, Now, Cancel));
        await ApplyAsync(c => c.Cancel(other, "not needed"));
        Assert.True(await _outbox.ResumeAsync(id, _seller, Now, Cancel));
        Assert.Equal(DeliveryStatus.Sent, (await RowAsync(id))!.Value.Status);
    }

    [Fact]
    public async Task A_requested_lesson_replaces_its_planned_row_and_is_not_sent_twice()
    {
        var planned = await PlannedAsync("lesson-1", Now.AddDays(1), _meeting);

        var requested = await _outbox.RequestLessonAsync(_seller, "lesson-1", 1, "You asked for it", Now, Cancel);
        var claimed = await _outbox.ClaimAsync(requested!.Value, Now, Lease, Cancel);
        await _outbox.MarkSentAsync(requested.Value, new SentMessage("D1", "3.0001"), Now, Cancel);
        var again = await _outbox.RequestLessonAsync(_seller, "lesson-1", 1, "You asked again", Now, Cancel);

        Assert.Null(again);
        Assert.Equal((DeliveryStatus.Cancelled, "plan lesson-1; sent earlier on request"), await RowAsync(planned));
        Assert.Equal(("You asked for it", DeliveryTrigger.User, Now, (long?)null), (claimed!.Reason, claimed.Trigger, claimed.DueAt, claimed.MeetingId));
        Assert.Equal((requested.Value, DeliveryStatus.Sent), Assert.Single(await LessonsAsync()) is var row ? (row.Id, row.Status) : default);
    }
}
