namespace LearningBot.Delivery;

/// <summary>
/// The wording of an outbox row's reason, and the only place that builds or reads it: why the lesson exists (the
/// meeting and the matcher's evidence, a campaign, a quiet week), then what was planned and what happened to it. When
/// the plan changes (re-planned, moved or skipped at send time) the part after the why is replaced; what the seller did
/// to a sent row (snoozed it, asked for it early) is appended.
/// </summary>
internal static class DeliveryReasons
{
    private const string PlannedFor = "; planned for ";
    private const string SnoozedSuffix = "; snoozed by the seller";

    /// <summary>A SQL LIKE pattern for the reasons of rows the seller pressed Later on (it stays after the lesson comes back).</summary>
    public const string SnoozedLikePattern = "%" + SnoozedSuffix + "%";

    public static string Planned(string why, WorkingCalendar calendar, DateTimeOffset at, string how) =>
        $"{why}{PlannedFor}{calendar.Describe(at)} ({how})";

    /// <summary>A row planned again for a new moment: why it exists stays, what is planned is replaced.</summary>
    public static string Replanned(string reason, WorkingCalendar calendar, DateTimeOffset at, string how) => Planned(Why(reason), calendar, at, how);

    public static string Skipped(string why, string blocker) => $"{why}; skipped: {blocker}";

    public static string MovedAtSendTime(string reason, WorkingCalendar calendar, DateTimeOffset dueAt, DateTimeOffset to, string blocker) =>
        $"{Why(reason)}{PlannedFor}{calendar.Describe(dueAt)} but moved to {calendar.Describe(to)} at send time because {blocker}";

    public static string SkippedAtSendTime(string reason, WorkingCalendar calendar, DateTimeOffset dueAt, string blocker) =>
        $"{Why(reason)}{PlannedFor}{calendar.Describe(dueAt)} but skipped at send time: {blocker}";

    /// <summary>A planned row that was not sent before its meeting began (a backlog, an outage, a moved clock).</summary>
    public static string SkippedBeforeSending(string reason, WorkingCalendar calendar, DateTimeOffset dueAt, string blocker) =>
        $"{Why(reason)}{PlannedFor}{calendar.Describe(dueAt)} but skipped: {blocker}";

    public static string MeetingStartedFirst(WorkingCalendar calendar, DateTimeOffset meetingStart) =>
        $"the meeting started at {calendar.Describe(meetingStart)} before the lesson could be sent";

    public static string MeetingTooClose(WorkingCalendar calendar, DateTimeOffset meetingStart, TimeSpan latestBefore) =>
        $"the meeting at {calendar.Describe(meetingStart)} was less than {Hours(latestBefore)} away before the lesson could be sent";

    /// <summary>The seller put a sent lesson off with Later (said once, however often they do it).</summary>
    public static string Snoozed(string reason) => reason.EndsWith(SnoozedSuffix, StringComparison.Ordinal) ? reason : reason + SnoozedSuffix;

    /// <summary>A planned row that gave way to the same lesson the seller asked for now.</summary>
    public static string SentEarlierOnRequest(string reason) => reason + "; sent earlier on request";

    /// <summary>The part of a reason that says why the lesson exists, without what was planned for it (the card's "why now").</summary>
    public static string Why(string reason) =>
        reason.LastIndexOf(PlannedFor, StringComparison.Ordinal) is var at and > 0 ? reason[..at] : reason;

    /// <summary>The first clause of a reason, for one line in a list ("Before Acme call, Tue 10:00: rep@acme.com is attending").</summary>
    public static string Headline(string reason) => reason.Split("; ", 2)[0];

    private static string Hours(TimeSpan span) => span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h" : $"{span.TotalMinutes:0} min";
}
