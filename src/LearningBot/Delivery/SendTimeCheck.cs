namespace LearningBot.Delivery;

/// <summary>What the dispatcher does with a due delivery once it has asked the pacing policy again.</summary>
internal abstract record SendTimeVerdict
{
    public sealed record Go : SendTimeVerdict;

    /// <summary>The delivery lost its reason to exist (its meeting was cancelled).</summary>
    public sealed record Cancel(string Reason) : SendTimeVerdict;

    /// <summary>Not now, but at a later allowed moment.</summary>
    public sealed record Defer(DateTimeOffset At, string Reason) : SendTimeVerdict;

    /// <summary>Not now and no later moment fits.</summary>
    public sealed record Skip(string Reason) : SendTimeVerdict;
}

/// <summary>
/// The send-time re-check, pure: the seller may have walked into a meeting, paused, or had the meeting cancelled since
/// the row was planned, and a row checked late (a backlog, an outage, a jumped clock) may have missed its meeting. The dispatcher and <c>learningbot simulate</c> both ask it.
/// </summary>
internal static class SendTimeCheck
{
    public static readonly TimeSpan DeferWindow = TimeSpan.FromDays(7);

    /// <param name="meeting">The delivery's meeting, if it has one and the meeting still exists.</param>
    /// <param name="dueAt">The moment the row was planned for; the dispatcher always checks a little after it.</param>
    public static SendTimeVerdict Decide(
        SellerSchedule schedule, long? meetingId, PlanningMeeting? meeting, string plannedReason, DateTimeOffset dueAt, DateTimeOffset now)
    {
        if (meetingId is not null && meeting is not { Cancelled: false })
            return new SendTimeVerdict.Cancel(meeting is null ? "the meeting was removed from the calendar" : "the meeting was cancelled");
        var calendar = new WorkingCalendar(schedule.TimeZone, schedule.Rules);
        if (meeting is not null && TooLate(schedule, meeting.StartsAt, dueAt, now) is { } tooLate)
            return new SendTimeVerdict.Skip(DeliveryReasons.SkippedAtSendTime(plannedReason, calendar, dueAt, tooLate));
        if (PacingPolicy.Check(schedule, now) is not PacingDecision.NoSlot blocked)
            return new SendTimeVerdict.Go();
        if (CheckedLate(schedule, dueAt, now))
        {
            // The due moment is judged under today's rules, calendar, pause and sends; only a meeting now is judged now.
            if (PacingPolicy.Check(schedule, dueAt) is PacingDecision.NoSlot changed)
                blocked = changed;
            else if (!schedule.Busy.Any(b => b.Start <= now && now < b.End))
                return new SendTimeVerdict.Go();
        }

        var retry = meeting is not null
            ? PacingPolicy.ForMeeting(schedule, meeting.StartsAt, now)
            : PacingPolicy.Earliest(schedule, now, now + DeferWindow);
        return retry is PacingDecision.Send later
            ? new SendTimeVerdict.Defer(later.At, DeliveryReasons.MovedAtSendTime(plannedReason, calendar, dueAt, later.At, blocked.Reason))
            : new SendTimeVerdict.Skip(DeliveryReasons.SkippedAtSendTime(plannedReason, calendar, dueAt, NoLaterMoment(blocked.Reason, retry.Reason)));
    }

    /// <summary>
    /// A meeting lesson is worth nothing once the meeting has started, and is not sent closer to it than the latest
    /// moment before a meeting; only a check inside the grace of a due moment that was early enough still sends.
    /// </summary>
    public static string? TooLate(SellerSchedule schedule, DateTimeOffset meetingStart, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var calendar = new WorkingCalendar(schedule.TimeZone, schedule.Rules);
        if (now >= meetingStart)
            return DeliveryReasons.MeetingStartedFirst(calendar, meetingStart);
        var latest = meetingStart - schedule.Rules.LatestBeforeMeeting;
        if (now > latest && !(CheckedLate(schedule, dueAt, now) && dueAt <= latest))
            return DeliveryReasons.MeetingTooClose(calendar, meetingStart, schedule.Rules.LatestBeforeMeeting);
        return null;
    }

    /// <summary>Why not now, and, when it is a different rule, why not at any later moment either.</summary>
    private static string NoLaterMoment(string now, string later) =>
        later == now ? now : $"{now}, and no later moment fits because {later}";

    /// <summary>The dispatcher runs every 30 seconds, so a lesson due at the last free moment of a day is always checked a little after it.</summary>
    private static bool CheckedLate(SellerSchedule schedule, DateTimeOffset dueAt, DateTimeOffset now) =>
        now > dueAt && now - dueAt <= schedule.Rules.SendTimeGrace;
}
