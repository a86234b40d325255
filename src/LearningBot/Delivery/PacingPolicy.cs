namespace LearningBot.Delivery;

/// <summary>
/// When a lesson may reach a seller, as a pure function of the seller's rules, calendar, lesson history and the
/// time asked about. It starts from every moment inside working hours with enough free time ahead and removes
/// what each rule forbids; when nothing is left, the rule that emptied the set is the reason.
/// </summary>
internal static class PacingPolicy
{
    /// <summary>The latest allowed moment between 48 h and 2 h (by default) before a meeting.</summary>
    public static PacingDecision ForMeeting(SellerSchedule seller, DateTimeOffset meetingStart, DateTimeOffset now)
    {
        var calendar = new WorkingCalendar(seller.TimeZone, seller.Rules);
        var latest = meetingStart - seller.Rules.LatestBeforeMeeting;
        var earliest = Max(meetingStart - seller.Rules.EarliestBeforeMeeting, now);
        if (latest < earliest)
        {
            return new PacingDecision.NoSlot(latest < now
                ? $"the meeting at {calendar.Describe(meetingStart)} is less than {Hours(seller.Rules.LatestBeforeMeeting)} away"
                : $"no time between {Hours(seller.Rules.EarliestBeforeMeeting)} and {Hours(seller.Rules.LatestBeforeMeeting)} before the meeting");
        }

        var (times, blocker) = AllowedStarts(seller, calendar, earliest, latest);
        return times.Latest is { } at
            ? new PacingDecision.Send(at, $"the latest free {Minutes(seller.Rules.FreeTimeAhead)} in working hours between "
                + $"{Hours(seller.Rules.EarliestBeforeMeeting)} and {Hours(seller.Rules.LatestBeforeMeeting)} before the meeting")
            : new PacingDecision.NoSlot(blocker!);
    }

    /// <summary>The earliest allowed moment in [from, until]: campaign lessons, evergreen lessons and snoozed lessons.</summary>
    public static PacingDecision Earliest(SellerSchedule seller, DateTimeOffset from, DateTimeOffset until)
    {
        var calendar = new WorkingCalendar(seller.TimeZone, seller.Rules);
        var (times, blocker) = AllowedStarts(seller, calendar, from, until);
        return times.Earliest is { } at
            ? new PacingDecision.Send(at, $"the first free {Minutes(seller.Rules.FreeTimeAhead)} in working hours from {calendar.Describe(from)}")
            : new PacingDecision.NoSlot(blocker!);
    }

    /// <summary>Whether a lesson may go out at exactly this moment (the dispatcher asks again at send time).</summary>
    public static PacingDecision Check(SellerSchedule seller, DateTimeOffset at)
    {
        var calendar = new WorkingCalendar(seller.TimeZone, seller.Rules);
        var (times, blocker) = AllowedStarts(seller, calendar, at, at);
        return times.IsEmpty ? new PacingDecision.NoSlot(blocker!) : new PacingDecision.Send(at, "every pacing rule allows it");
    }

    /// <summary>A snoozed lesson comes back no earlier than the next working half-day.</summary>
    public static DateTimeOffset SnoozedUntil(SellerSchedule seller, DateTimeOffset snoozedAt) =>
        new WorkingCalendar(seller.TimeZone, seller.Rules).NextHalfDayStart(snoozedAt);

    /// <summary>True when nothing was sent for the quiet period: one evergreen or campaign lesson may go out.</summary>
    public static bool EvergreenDue(SellerSchedule seller, DateTimeOffset now) =>
        !seller.Sends.Any(s => s.At <= now && s.At > now - seller.Rules.QuietPeriodBeforeEvergreen);

    /// <summary>The same lesson never twice.</summary>
    public static bool AlreadyReceived(SellerSchedule seller, string lessonId) =>
        seller.Sends.Any(s => s.LessonId == lessonId);

    private static (StartTimes Times, string? Blocker) AllowedStarts(
        SellerSchedule seller, WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset until)
    {
        var rules = seller.Rules;
        var span = $"between {calendar.Describe(from)} and {calendar.Describe(until)}";

        var times = FreeMoments(seller, calendar, from, until);
        if (times.IsEmpty)
        {
            return (times, from == until
                ? $"{calendar.Describe(from)} is outside working hours, inside a meeting or has less than {Minutes(rules.FreeTimeAhead)} free ahead"
                : $"no {Minutes(rules.FreeTimeAhead)} free inside working hours {span}");
        }

        if (seller.PausedUntil is { } pausedUntil && pausedUntil > from)
        {
            times = times.Without(from, pausedUntil);
            if (times.IsEmpty)
                return (times, $"the seller paused lessons until {calendar.Describe(pausedUntil)}");
        }

        times = WithoutFullDaysAndWeeks(times, seller, calendar, from, until);
        if (times.IsEmpty)
            return (times, $"already {Infrastructure.Plural.Count(rules.MaxLessonsPerDay, "lesson")} that day or {rules.MaxLessonsPerWeek} that week at every free moment {span}");

        foreach (var send in seller.Sends)
        {
            times = times.WithoutBetween(
                calendar.SubtractWorkingTime(send.At, rules.MinWorkingTimeBetweenLessons),
                calendar.AddWorkingTime(send.At, rules.MinWorkingTimeBetweenLessons));
        }
        if (times.IsEmpty)
            return (times, $"less than {Hours(rules.MinWorkingTimeBetweenLessons)} of working time from another lesson at every free moment {span}");

        foreach (var busy in UnfinishedLimitReached(seller))
            times = times.Without(busy.Start, busy.End);
        if (times.IsEmpty)
            return (times, $"{rules.MaxUnfinishedLessons} lessons sent earlier are still unfinished");

        return (times, null);
    }

    /// <summary>Moments inside working hours, outside meetings, with the free time ahead also inside both.</summary>
    private static StartTimes FreeMoments(SellerSchedule seller, WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset until)
    {
        var busy = seller.Busy.Where(b => b.End > from && b.Start <= until + seller.Rules.FreeTimeAhead).OrderBy(b => b.Start).ToList();
        var starts = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var window in calendar.WorkingWindows(from, until))
        {
            var cursor = window.Start;
            foreach (var meeting in busy.Where(b => b.Overlaps(window)))
            {
                if (meeting.Start > cursor)
                    starts.Add((cursor, meeting.Start - seller.Rules.FreeTimeAhead));
                if (meeting.End > cursor)
                    cursor = meeting.End;
            }
            if (window.End > cursor)
                starts.Add((cursor, window.End - seller.Rules.FreeTimeAhead));
        }
        return StartTimes.From(starts).Within(from, until);
    }

    private static StartTimes WithoutFullDaysAndWeeks(
        StartTimes times, SellerSchedule seller, WorkingCalendar calendar, DateTimeOffset from, DateTimeOffset until)
    {
        var sendDays = seller.Sends.Select(s => calendar.LocalDate(s.At)).ToList();
        for (var date = calendar.LocalDate(from); date <= calendar.LocalDate(until); date = date.AddDays(1))
        {
            var week = WorkingCalendar.WeekStart(date);
            var sameDay = sendDays.Count(d => d == date);
            var sameWeek = sendDays.Count(d => WorkingCalendar.WeekStart(d) == week);
            if (sameDay >= seller.Rules.MaxLessonsPerDay || sameWeek >= seller.Rules.MaxLessonsPerWeek)
                times = times.Without(calendar.StartOfDay(date), calendar.StartOfDay(date.AddDays(1)));
        }
        return times;
    }

    /// <summary>
    /// The spans during which the seller already has the maximum number of sent, unfinished lessons. A lesson the
    /// seller pulled does not count: they chose it, and it must not stop the lessons for their meetings.
    /// </summary>
    private static IEnumerable<TimeRange> UnfinishedLimitReached(SellerSchedule seller)
    {
        var changes = seller.Sends
            .Where(s => !s.Pulled)
            .SelectMany(s => s.CompletedAt is { } done
                ? new[] { (At: s.At, Delta: 1), (At: done, Delta: -1) }
                : [(At: s.At, Delta: 1)])
            .OrderBy(c => c.At).ThenBy(c => c.Delta)
            .ToList();
        var open = 0;
        DateTimeOffset? reachedAt = null;
        foreach (var (at, delta) in changes)
        {
            open += delta;
            if (open >= seller.Rules.MaxUnfinishedLessons && reachedAt is null)
                reachedAt = at;
            else if (open < seller.Rules.MaxUnfinishedLessons && reachedAt is { } start)
            {
                yield return new TimeRange(start, at);
                reachedAt = null;
            }
        }
        if (reachedAt is { } stillOpen)
            yield return new TimeRange(stillOpen, DateTimeOffset.MaxValue);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Hours(TimeSpan span) => span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h" : $"{span.TotalMinutes:0} min";

    private static string Minutes(TimeSpan span) => $"{span.TotalMinutes:0} minutes";
}
