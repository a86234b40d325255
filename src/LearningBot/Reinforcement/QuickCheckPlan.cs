using LearningBot.Delivery;

namespace LearningBot.Reinforcement;

/// <summary>A seller's memory item as the planner sees it.</summary>
internal sealed record MemoryItem(
    long QuestionId, string LessonId, string LessonTitle, string PartnerId, double Stability, DateTimeOffset LastReviewAt,
    DateTimeOffset DueAt, bool LastMissed);

/// <summary>An upcoming meeting and the partners it involves.</summary>
internal sealed record RecallMeeting(long Id, string Title, DateTimeOffset Start, IReadOnlyCollection<string> PartnerIds);

/// <summary>The caps quick checks keep on top of the seller's pacing rules.</summary>
internal sealed record QuickCheckRules(int MaxPerDay, TimeSpan MinGapAfterAnyMessage, double MeetingRecallTarget)
{
    public static readonly TimeSpan RecallEarliest = TimeSpan.FromHours(24);
    public static readonly TimeSpan RecallLatest = TimeSpan.FromHours(2);

    public static QuickCheckRules From(ReinforcementOptions options) =>
        new(options.MaxPerDay, options.MinGapAfterAnyMessage, options.MeetingRecallTarget);
}

/// <summary>One quick check the planner wants, or (with <see cref="Planned"/> false) why an item cannot be asked yet.</summary>
internal sealed record QuickCheckDecision(long QuestionId, string LessonId, long? MeetingId, bool Planned, DateTimeOffset DueAt, string Reason);

/// <summary>
/// Where a seller's quick checks go, as a pure function: pre-meeting recalls first (the latest allowed gap between
/// 24 h and 2 h before a partner meeting whose predicted recall is below target, at most one per meeting), then
/// the items FSRS says are due, earliest first. Every send goes through the same pacing policy as lessons —
/// working hours, a free gap, never in a meeting, the pause — with quick checks' own caps: a few a day, and a gap
/// of working time after any other message. Lessons are planned first, so a lesson always wins the gap.
/// </summary>
internal static class QuickCheckPlan
{
    /// <summary>How far ahead due items are placed; the planner runs again long before then.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromDays(7);

    /// <summary>How many due items one run places for a seller; the others wait their turn (bounded work per seller).</summary>
    public const int MaxPlannedAhead = 6;

    /// <param name="lessons">The seller's schedule with every lesson sent or planned (the rules are the seller's).</param>
    /// <param name="quickChecksSent">Quick checks already sent or being sent: they count toward the caps.</param>
    /// <param name="recalledMeetings">Meetings that already had their pre-meeting recall.</param>
    public static IReadOnlyList<QuickCheckDecision> Decide(
        SellerSchedule lessons, IReadOnlyList<DateTimeOffset> quickChecksSent, IReadOnlyList<MemoryItem> items,
        IReadOnlyList<RecallMeeting> meetings, IReadOnlySet<long> recalledMeetings, QuickCheckRules rules, Fsrs fsrs,
        DateTimeOffset now)
    {
        var decisions = new List<QuickCheckDecision>();
        if (rules.MaxPerDay == 0 || items.Count == 0)
            return decisions;
        var calendar = new WorkingCalendar(lessons.TimeZone, lessons.Rules);
        var arbiter = new Arbiter(lessons, quickChecksSent, rules, calendar);
        var asked = new HashSet<long>();

        foreach (var meeting in meetings.Where(m => m.Start > now && !recalledMeetings.Contains(m.Id)).OrderBy(m => m.Start).ThenBy(m => m.Id))
        {
            var weakest = items
                .Where(i => meeting.PartnerIds.Contains(i.PartnerId) && !asked.Contains(i.QuestionId))
                .Select(i => (Item: i, Recall: fsrs.Retrievability((meeting.Start - i.LastReviewAt).TotalDays, i.Stability)))
                .OrderBy(x => x.Recall).ThenBy(x => x.Item.QuestionId)
                .FirstOrDefault();
            if (weakest.Item is not { } item || weakest.Recall >= rules.MeetingRecallTarget)
                continue;
            var why = $"Before {meeting.Title}, {calendar.Describe(meeting.Start)}: you {(item.LastMissed ? "missed" : "answered")} this on "
                + $"{calendar.Describe(item.LastReviewAt)}; predicted recall at the meeting {Percent(weakest.Recall)}";
            var schedule = arbiter.Schedule with
            {
                Rules = arbiter.Schedule.Rules with { EarliestBeforeMeeting = QuickCheckRules.RecallEarliest, LatestBeforeMeeting = QuickCheckRules.RecallLatest },
            };
            var slot = PacingPolicy.ForMeeting(schedule, meeting.Start, now);
            asked.Add(item.QuestionId);
            if (slot is PacingDecision.Send send)
            {
                arbiter.Add(send.At);
                decisions.Add(new QuickCheckDecision(item.QuestionId, item.LessonId, meeting.Id, true, send.At,
                    DeliveryReasons.Planned(why, calendar, send.At, "the latest free gap between 24 h and 2 h before the meeting")));
            }
            else
            {
                decisions.Add(new QuickCheckDecision(item.QuestionId, item.LessonId, meeting.Id, false, meeting.Start,
                    DeliveryReasons.Skipped(why, slot.Reason)));
            }
        }

        var due = items.Where(i => !asked.Contains(i.QuestionId) && i.DueAt <= now + Lookahead)
            .OrderBy(i => i.DueAt).ThenBy(i => i.QuestionId)
            .Take(MaxPlannedAhead);
        foreach (var item in due)
        {
            var from = item.DueAt > now ? item.DueAt : now;
            var why = $"Quick check on \"{item.LessonTitle}\": {(item.LastMissed ? "you missed this" : "you answered this")} on "
                + $"{calendar.Describe(item.LastReviewAt)} and it is due again {calendar.Describe(item.DueAt)}";
            var slot = PacingPolicy.Earliest(arbiter.Schedule, from, from + Lookahead);
            if (slot is PacingDecision.Send send)
            {
                arbiter.Add(send.At);
                decisions.Add(new QuickCheckDecision(item.QuestionId, item.LessonId, null, true, send.At,
                    DeliveryReasons.Planned(why, calendar, send.At, "the first free gap from when it is due")));
            }
            else
            {
                decisions.Add(new QuickCheckDecision(item.QuestionId, item.LessonId, null, false, from, DeliveryReasons.Skipped(why, slot.Reason)));
            }
        }
        return decisions;
    }

    /// <summary>Whether a quick check may go out at exactly this moment (the dispatcher asks again at send time).</summary>
    public static PacingDecision Check(SellerSchedule lessons, IReadOnlyList<DateTimeOffset> quickChecksSent, QuickCheckRules rules, DateTimeOffset at) =>
        PacingPolicy.Check(new Arbiter(lessons, quickChecksSent, rules, new WorkingCalendar(lessons.TimeZone, lessons.Rules)).Schedule, at);

    /// <summary>The first moment a quick check may go out from <paramref name="from"/> on, within the look-ahead.</summary>
    public static PacingDecision Earliest(SellerSchedule lessons, IReadOnlyList<DateTimeOffset> quickChecksSent, QuickCheckRules rules, DateTimeOffset from) =>
        PacingPolicy.Earliest(new Arbiter(lessons, quickChecksSent, rules, new WorkingCalendar(lessons.TimeZone, lessons.Rules)).Schedule, from, from + Lookahead);

    /// <summary>
    /// The seller's schedule as quick checks see it: every message (lessons and quick checks) keeps the quick-check
    /// gap, and a day that already has its quick checks is busy from start to end. Built once per seller and kept up to
    /// date as checks are placed, rather than copied for every item.
    /// </summary>
    private sealed class Arbiter
    {
        private readonly List<TimeRange> _busy;
        private readonly List<LessonSend> _sends;
        private readonly Dictionary<DateOnly, int> _perDay = [];
        private readonly QuickCheckRules _rules;
        private readonly WorkingCalendar _calendar;

        public Arbiter(SellerSchedule lessons, IEnumerable<DateTimeOffset> checks, QuickCheckRules rules, WorkingCalendar calendar)
        {
            _rules = rules;
            _calendar = calendar;
            _busy = [.. lessons.Busy];
            _sends = [.. lessons.Sends.Select(s => new LessonSend(s.LessonId, s.At, s.At))];
            Schedule = lessons with { Rules = ArbiterRules(lessons.Rules, rules), Busy = _busy, Sends = _sends };
            foreach (var at in checks)
                Add(at);
        }

        public SellerSchedule Schedule { get; }

        public void Add(DateTimeOffset at)
        {
            _sends.Add(new LessonSend("", at, at));
            var day = _calendar.LocalDate(at);
            var count = _perDay[day] = _perDay.GetValueOrDefault(day) + 1;
            if (count == _rules.MaxPerDay)
                _busy.Add(new TimeRange(_calendar.StartOfDay(day), _calendar.StartOfDay(day.AddDays(1))));
        }
    }

    private static string Percent(double share) => $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0}%";

    private static PacingRules ArbiterRules(PacingRules seller, QuickCheckRules rules) => seller with
    {
        MaxLessonsPerDay = int.MaxValue,
        MaxLessonsPerWeek = int.MaxValue,
        MaxUnfinishedLessons = int.MaxValue,
        MinWorkingTimeBetweenLessons = rules.MinGapAfterAnyMessage,
    };
}
