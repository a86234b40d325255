using LearningBot.Delivery;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>
/// The dispatcher's send-time re-check for a quick check: the same pacing arbiter as at planning, with the quick
/// checks' caps; a pre-meeting recall whose meeting was cancelled or has begun is dropped.
/// </summary>
internal sealed class QuickCheckSendTime(IOptions<ReinforcementOptions> options)
{
    public async Task<SendTimeVerdict> DecideAsync(
        NpgsqlConnection connection, DeliveryToSend delivery, SellerSchedule lessons, PlanningQueries.MeetingRow? meeting, DateTimeOffset now)
    {
        if (delivery.MeetingId is not null && meeting is not { Cancelled: false })
            return new SendTimeVerdict.Cancel("the meeting it was a recall for was cancelled or removed");
        if (meeting is not null && meeting.StartsAt - QuickCheckRules.RecallLatest < now)
            return new SendTimeVerdict.Skip($"{delivery.Reason}; skipped at send time: the meeting is less than 2 h away");

        var rules = QuickCheckRules.From(options.Value);
        var sent = (await ReinforcementQueries.QuickChecksAsync(connection, [delivery.SellerId], now - TimeSpan.FromDays(1)))
            .Where(c => c.Status is "sent" or "sending" && c.Id != delivery.Id)
            .Select(c => c.SentAt ?? c.DueAt)
            .ToList();
        if (QuickCheckPlan.Check(lessons, sent, rules, now) is not PacingDecision.NoSlot blocked)
            return new SendTimeVerdict.Go();
        var calendar = new WorkingCalendar(lessons.TimeZone, lessons.Rules);
        return QuickCheckPlan.Earliest(lessons, sent, rules, now) is PacingDecision.Send later
            ? new SendTimeVerdict.Defer(later.At, DeliveryReasons.MovedAtSendTime(delivery.Reason, calendar, delivery.DueAt, later.At, blocked.Reason))
            : new SendTimeVerdict.Skip(DeliveryReasons.SkippedAtSendTime(delivery.Reason, calendar, delivery.DueAt, blocked.Reason));
    }
}
