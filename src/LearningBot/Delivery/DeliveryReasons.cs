namespace LearningBot.Delivery;

/// <summary>
/// The wording of an outbox row's reason: why the lesson exists (the meeting and the matcher's evidence, a campaign,
/// a quiet week), then what happened to it. A row's reason is replaced, not appended to, as its outcome changes.
/// </summary>
internal static class DeliveryReasons
{
    private const string PlannedFor = "; planned for ";

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

    private static string Hours(TimeSpan span) => span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h" : $"{span.TotalMinutes:0} min";

    /// <summary>The part of a reason that says why the lesson exists, without what was planned for it.</summary>
    private static string Why(string reason) =>
        reason.LastIndexOf(PlannedFor, StringComparison.Ordinal) is var at and >= 0 ? reason[..at] : reason;
}
