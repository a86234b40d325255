namespace LearningBot.Delivery;

/// <summary>The pacing rules in force for one seller: the global defaults, narrowed by the seller or a campaign.</summary>
internal sealed record PacingRules(
    TimeOnly WorkdayStart,
    TimeOnly WorkdayEnd,
    IReadOnlySet<DayOfWeek> WorkingDays,
    TimeSpan FreeTimeAhead,
    TimeSpan EarliestBeforeMeeting,
    TimeSpan LatestBeforeMeeting,
    int MaxLessonsPerDay,
    int MaxLessonsPerWeek,
    TimeSpan MinWorkingTimeBetweenLessons,
    int MaxUnfinishedLessons,
    TimeSpan QuietPeriodBeforeEvergreen,
    TimeSpan SendTimeGrace)
{
    public static PacingRules Default { get; } = new PacingOptions().ToRules();
}

/// <summary>A half-open span of time [Start, End).</summary>
internal readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;
}

/// <summary>A lesson message sent (or planned) to the seller, and when the seller finished it, if they did.</summary>
/// <param name="Pulled">The seller asked for it (/learn next, a Start button): it does not hold back the next lesson while unfinished.</param>
internal sealed record LessonSend(string LessonId, DateTimeOffset At, DateTimeOffset? CompletedAt, bool Pulled = false);

/// <summary>Everything the policy looks at for one seller: rules, time zone, busy time, lesson history, pause.</summary>
internal sealed record SellerSchedule(
    TimeZoneInfo TimeZone,
    PacingRules Rules,
    IReadOnlyList<TimeRange> Busy,
    IReadOnlyList<LessonSend> Sends,
    DateTimeOffset? PausedUntil = null);

/// <summary>The policy's answer: a moment to send, or the human reason there is none.</summary>
internal abstract record PacingDecision(string Reason)
{
    public sealed record Send(DateTimeOffset At, string Reason) : PacingDecision(Reason);

    public sealed record NoSlot(string Reason) : PacingDecision(Reason);
}
