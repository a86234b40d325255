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
/// the row was planned. The dispatcher and <c>learningbot simulate</c> both ask it.
/// </summary>
internal static class SendTimeCheck
{
    public static readonly TimeSpan DeferWindow = TimeSpan.FromDays(7);

    /// <param name="meeting">The delivery's meeting, if it has one and the meeting still exists.</param>
    public static SendTimeVerdict Decide(
        SellerSchedule schedule, long? meetingId, PlanningQueries.MeetingRow? meeting, string plannedReason, DateTimeOffset now)
    {
        if (meetingId is not null && meeting is not { Cancelled: false })
            return new SendTimeVerdict.Cancel("the meeting was cancelled or removed");
        if (PacingPolicy.Check(schedule, now) is not PacingDecision.NoSlot blocked)
            return new SendTimeVerdict.Go();

        var retry = meeting is not null
            ? PacingPolicy.ForMeeting(schedule, meeting.StartsAt, now)
            : PacingPolicy.Earliest(schedule, now, now + DeferWindow);
        return retry is PacingDecision.Send later
            ? new SendTimeVerdict.Defer(later.At, $"{plannedReason}; moved at send time because {blocked.Reason}")
            : new SendTimeVerdict.Skip($"{plannedReason}; skipped at send time: {blocked.Reason}");
    }
}
