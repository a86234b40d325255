using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>
/// The dispatcher's send-time re-check for a quick check: the same pacing arbiter as at planning, with the quick
/// checks' caps; a pre-meeting recall whose meeting was cancelled or is less than 2 h away is dropped.
/// </summary>
internal sealed class QuickCheckSendTime(IOptions<ReinforcementOptions> options)
{
    public async Task<SendTimeVerdict> DecideAsync(
        NpgsqlConnection connection, DeliveryToSend delivery, SellerSchedule lessons, PlanningMeeting? meeting, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sent = (await PostgresOutbox.On(connection).QuickChecksAsync([delivery.SellerId], now - TimeSpan.FromDays(1), cancellationToken))
            .Where(c => c.Status.IsDelivered && c.Id != delivery.Id)
            .Select(c => c.SentAt ?? c.DueAt)
            .ToList();
        return Decide(delivery.Reason, delivery.DueAt, delivery.MeetingId, meeting, lessons, sent, QuickCheckRules.From(options.Value), now);
    }

    /// <summary>Pure: the dispatcher and <c>learningbot simulate</c> both ask it.</summary>
    public static SendTimeVerdict Decide(
        string reason, DateTimeOffset dueAt, long? meetingId, PlanningMeeting? meeting, SellerSchedule lessons,
        IReadOnlyList<DateTimeOffset> quickChecksSent, QuickCheckRules rules, DateTimeOffset now)
    {
        var calendar = new WorkingCalendar(lessons.TimeZone, lessons.Rules);
        if (meetingId is not null && meeting is not { Cancelled: false })
            return new SendTimeVerdict.Cancel("the meeting it was a recall for was cancelled or removed");
        // The dispatcher checks a little after the due moment, so the grace applies to the 2 h limit too.
        if (meeting is not null && now > meeting.StartsAt - QuickCheckRules.RecallLatest + lessons.Rules.SendTimeGrace)
            return new SendTimeVerdict.Skip(DeliveryReasons.SkippedAtSendTime(reason, calendar, dueAt, "the meeting is less than 2 h away"));
        if (QuickCheckPlan.Check(lessons, quickChecksSent, rules, now) is not PacingDecision.NoSlot blocked)
            return new SendTimeVerdict.Go();
        return QuickCheckPlan.Earliest(lessons, quickChecksSent, rules, now) is PacingDecision.Send later
            ? new SendTimeVerdict.Defer(later.At, DeliveryReasons.MovedAtSendTime(reason, calendar, dueAt, later.At, blocked.Reason))
            : new SendTimeVerdict.Skip(DeliveryReasons.SkippedAtSendTime(reason, calendar, dueAt, blocked.Reason));
    }
}
