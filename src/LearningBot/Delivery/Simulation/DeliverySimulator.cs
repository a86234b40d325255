using LearningBot.Reinforcement;

namespace LearningBot.Delivery.Simulation;

/// <summary>
/// One line of simulate's output: a lesson or quick check sent, one skipped (or a meeting's lesson), or an answer
/// reviewed by FSRS, with the reason.
/// </summary>
internal sealed record SimulatedDecision(
    string Kind, DateTimeOffset At, string? LessonId, string? PartnerId, SimulatedMeeting? Meeting, string Reason,
    string? Delivery = null, SimulatedReview? Review = null);

internal sealed record SimulationResult(IReadOnlyList<SimulatedDecision> Decisions, SimulationSetup Setup);

/// <summary>
/// Runs the real planner decisions (<see cref="SellerPlan"/>) and the dispatcher's send-time check
/// (<see cref="SendTimeCheck"/>) for one seller over a simulated clock, with an in-memory outbox in place of the
/// deliveries table. The planner runs every five minutes as in production; a row is dispatched at its due time.
/// A skip is reported once its chance has passed (the meeting started, or the run ended) with the reason given when
/// the planner first gave up on it.
/// </summary>
internal sealed class DeliverySimulator
{
    public const long SellerId = 1;
    public static readonly TimeSpan PlanInterval = TimeSpan.FromMinutes(5);

    private readonly SimulationSetup _setup;
    private readonly PlanningQueries.SellerRow _seller;
    private readonly Dictionary<string, string?> _partnerOfLesson;
    private readonly Dictionary<long, SimulatedMeeting> _meetings;
    private readonly List<PlanningQueries.DeliveryRow> _outbox = [];
    private readonly List<SimulatedDecision> _sends = [];
    private readonly Dictionary<long, SimulatedDecision> _meetingSkips = [];
    private readonly Dictionary<(string Trigger, string LessonId), SimulatedDecision> _otherSkips = [];
    private readonly List<SimulatedDecision> _memoryLines = [];
    private readonly SimulatedMemory _memory;
    private readonly QuickCheckRules _quickCheckRules = QuickCheckRules.From(new ReinforcementOptions());
    private long _nextId = 1;

    private DeliverySimulator(SimulationSetup setup)
    {
        _setup = setup;
        _seller = new PlanningQueries.SellerRow(SellerId, setup.Zone.Id, "", null);
        _partnerOfLesson = setup.Lessons.ToDictionary(l => l.Id, l => l.PartnerId, StringComparer.Ordinal);
        _meetings = setup.Meetings.ToDictionary(m => m.Id);
        _memory = new SimulatedMemory(setup, new Fsrs(), _quickCheckRules);
    }

    public static SimulationResult Run(SimulationSetup setup) => new DeliverySimulator(setup).Run();

    private SimulationResult Run()
    {
        for (var now = _setup.From; now < _setup.Until; now += PlanInterval)
        {
            CompleteUpTo(now);
            Plan(now);
            var next = now + PlanInterval;
            for (var guard = 0; NextDue(next) is { } due; guard++)
            {
                if (guard > 10_000)
                    throw new InvalidOperationException("the simulated dispatcher did not settle");
                var at = due.DueAt > now ? due.DueAt : now;
                CompleteUpTo(at);
                if (due.QuickCheck is { } check)
                    DispatchQuickCheck(check, at);
                else
                    Dispatch(due.Lesson!, at);
            }
        }

        var skips = _meetingSkips
            .Where(s => _meetings[s.Key].Start > _setup.From && _meetings[s.Key].Start < _setup.Until)
            .Select(s => s.Value)
            .Concat(_otherSkips.Values.Where(s => !_sends.Any(sent => sent.LessonId == s.LessonId)));
        var decisions = _sends.Concat(skips).Concat(_memoryLines)
            .OrderBy(d => d.At).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Meeting?.Start).ThenBy(d => d.LessonId, StringComparer.Ordinal)
            .ToList();
        return new SimulationResult(decisions, _setup);
    }

    private (DateTimeOffset DueAt, PlanningQueries.DeliveryRow? Lesson, ReinforcementQueries.QuickCheckRow? QuickCheck)? NextDue(DateTimeOffset before)
    {
        var lesson = _outbox.Where(d => d.Status == "planned" && d.DueAt < before && d.DueAt < _setup.Until).MinBy(d => (d.DueAt, d.Id));
        var check = _memory.QuickChecks.Where(c => c.Status == "planned" && c.DueAt < before && c.DueAt < _setup.Until).MinBy(c => (c.DueAt, c.Id));
        // A lesson always wins over a quick check due at the same moment.
        if (lesson is not null && (check is null || lesson.DueAt <= check.DueAt))
            return (lesson.DueAt, lesson, null);
        return check is null ? null : (check.DueAt, null, check);
    }

    private IReadOnlyList<PlanningQueries.MeetingRow> MeetingRows(DateTimeOffset from, DateTimeOffset until) =>
        [.. _setup.Meetings.Where(m => m.End > from && m.Start < until).Select(m => m.Row)];

    private void Plan(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var meetings = MeetingRows(now - TimeSpan.FromDays(1), now + DeliveryPlanner.Horizon);
        meetings = [.. meetings, .. _outbox
            .Where(d => d.Status == "planned" && d.MeetingId is { } id && !meetings.Any(m => m.Id == id))
            .Select(d => _meetings[d.MeetingId!.Value].Row)];
        var matches = _setup.Meetings.SelectMany(m => m.Partners).ToLookup(m => m.MeetingId);
        var audience = _setup.Meetings.Where(m => m.Start >= now - TimeSpan.FromDays(90)).SelectMany(m => m.Partners).Select(p => p.PartnerId)
            .Concat(_setup.OpportunityPartners).ToHashSet(StringComparer.Ordinal);
        var changes = new OutboxChanges();
        var result = SellerPlan.Plan(_seller, _setup.Rules, meetings, matches,
            [.. _outbox.Where(d => d.Status is "planned" or "sending" or "sent" or "skipped")], audience, SimulatedLibrary.On(_setup.Lessons, day), now, changes);
        _memory.Plan(result.Lessons, QuickCheckPlanning.RecallMeetings(meetings, matches, now), now, changes);
        Apply(changes);

        foreach (var decision in result.Meetings)
        {
            if (decision.Planned)
                _meetingSkips.Remove(decision.MeetingId);
            else if (!_meetingSkips.TryGetValue(decision.MeetingId, out var known) || known.LessonId != decision.LessonId)
                _meetingSkips[decision.MeetingId] = Skip(now, decision.LessonId, decision.PartnerId, _meetings[decision.MeetingId], decision.Reason);
        }
        foreach (var decision in result.Standalone)
        {
            if (decision.Planned)
                _otherSkips.Remove((decision.Trigger, decision.LessonId));
            else
                _otherSkips.TryAdd((decision.Trigger, decision.LessonId), Skip(now, decision.LessonId, PartnerOf(decision.LessonId), null, decision.Reason));
        }
    }

    /// <summary>The same changes the planner writes to the deliveries table, with the table's unique rules.</summary>
    private void Apply(OutboxChanges changes)
    {
        foreach (var (id, dueAt, reason) in changes.Moved)
        {
            Update(id, r => r.Status == "planned" ? r with { DueAt = dueAt, Reason = reason } : r);
            _memory.Update(id, r => r.Status == "planned" ? r with { DueAt = dueAt, Reason = reason } : r);
        }
        foreach (var (id, reason) in changes.Cancelled)
        {
            Update(id, r => r.Status == "planned" ? r with { Status = "cancelled", Reason = reason } : r);
            _memory.Update(id, r => r.Status == "planned" ? r with { Status = "cancelled", Reason = reason } : r);
        }
        _memory.Apply(changes, () => _nextId++);
        foreach (var (id, reason) in changes.SkippedPlanned)
            Update(id, r => r.Status == "planned" ? r with { Status = "skipped", Reason = reason } : r);
        _outbox.RemoveAll(r => r.Status == "skipped" && changes.Forgotten.Contains(r.Id));
        foreach (var row in changes.Planned)
        {
            if (!_outbox.Any(r => r.LessonId == row.LessonId && r.Status is "planned" or "sending" or "sent"))
                _outbox.Add(New(row, "planned"));
        }
        foreach (var row in changes.Skipped)
        {
            var index = _outbox.FindIndex(r => r.Status == "skipped" && r.LessonId == row.LessonId
                && (row.MeetingId is null ? r.MeetingId is null && r.Trigger == row.Trigger : r.MeetingId == row.MeetingId));
            if (index < 0)
                _outbox.Add(New(row, "skipped"));
            else if (row.MeetingId is not null && _outbox[index].DueAt != row.DueAt)
                _outbox[index] = _outbox[index] with { Reason = row.Reason, DueAt = row.DueAt };
        }
    }

    private void Dispatch(PlanningQueries.DeliveryRow row, DateTimeOffset at)
    {
        var (from, until) = SellerSchedules.SendTimeMeetingWindow(at);
        var schedule = SellerSchedules.AtSendTime(_seller, _setup.Rules, MeetingRows(from, until), _outbox, row.Id);
        var simulatedMeeting = row.MeetingId is { } meetingId ? _meetings[meetingId] : null;
        var meeting = simulatedMeeting?.Row;
        switch (SendTimeCheck.Decide(schedule, row.MeetingId, meeting, row.Reason, row.DueAt, at))
        {
            case SendTimeVerdict.Go:
                Update(row.Id, r => r with { Status = "sent", SentAt = at });
                _sends.Add(new SimulatedDecision("send", at, row.LessonId, PartnerOf(row.LessonId), simulatedMeeting, row.Reason));
                if (row.MeetingId is { } sentFor)
                    _meetingSkips.Remove(sentFor);
                _otherSkips.Remove((row.Trigger, row.LessonId));
                break;
            case SendTimeVerdict.Cancel cancel:
                Update(row.Id, r => r with { Status = "cancelled", Reason = cancel.Reason });
                break;
            case SendTimeVerdict.Defer defer:
                Update(row.Id, r => r with { DueAt = defer.At > at ? defer.At : at + TimeSpan.FromMinutes(1), Reason = defer.Reason });
                break;
            case SendTimeVerdict.Skip skip:
                // As the dispatcher does: the newer skip of the same meeting (or trigger) and lesson replaces the older one.
                _outbox.RemoveAll(r => r.Id != row.Id && r.Status == "skipped" && r.LessonId == row.LessonId
                    && (row.MeetingId is null ? r.MeetingId is null && r.Trigger == row.Trigger : r.MeetingId == row.MeetingId));
                Update(row.Id, r => r with { Status = "skipped", Reason = skip.Reason });
                var decision = Skip(at, row.LessonId, PartnerOf(row.LessonId), simulatedMeeting, skip.Reason);
                if (row.MeetingId is { } skippedFor)
                    _meetingSkips.TryAdd(skippedFor, decision);
                else
                    _otherSkips.TryAdd((row.Trigger, row.LessonId), decision);
                break;
        }
    }

    /// <summary>A quick check under the same send-time check as the dispatcher's.</summary>
    private void DispatchQuickCheck(ReinforcementQueries.QuickCheckRow row, DateTimeOffset at)
    {
        var (from, until) = SellerSchedules.SendTimeMeetingWindow(at);
        var lessons = SellerSchedules.AtSendTime(_seller, _setup.Rules, MeetingRows(from, until), _outbox, -1);
        var lessonId = _memory.LessonOf(row.QuestionId);
        var simulatedMeeting = row.MeetingId is { } meetingId ? _meetings[meetingId] : null;
        var meeting = simulatedMeeting?.Row;
        switch (QuickCheckSendTime.Decide(row.Reason, row.DueAt, row.MeetingId, meeting, lessons, _memory.SentAt(row.Id), _quickCheckRules, at))
        {
            case SendTimeVerdict.Go:
                _memory.Update(row.Id, r => r with { Status = "sent", SentAt = at });
                _sends.Add(new SimulatedDecision("send", at, lessonId, PartnerOf(lessonId), simulatedMeeting, row.Reason, Delivery: QuickCheckKind));
                break;
            case SendTimeVerdict.Cancel cancel:
                _memory.Update(row.Id, r => r with { Status = "cancelled", Reason = cancel.Reason });
                break;
            case SendTimeVerdict.Defer defer:
                _memory.Update(row.Id, r => r with { DueAt = defer.At > at ? defer.At : at + TimeSpan.FromMinutes(1), Reason = defer.Reason });
                break;
            case SendTimeVerdict.Skip skip:
                _memory.Update(row.Id, r => r with { Status = "skipped", Reason = skip.Reason });
                _memoryLines.Add(new SimulatedDecision("skip", at, lessonId, PartnerOf(lessonId), simulatedMeeting, skip.Reason, Delivery: QuickCheckKind));
                break;
        }
    }

    private const string QuickCheckKind = "quick-check";

    /// <summary>
    /// The seller finishes each lesson and answers each quick check a fixed time after it arrived (answering as
    /// <c>--answers</c> says, each answer one FSRS review); the planner only learns it once it happened.
    /// </summary>
    private void CompleteUpTo(DateTimeOffset now)
    {
        if (_setup.CompleteAfter is not { } after)
            return;
        for (var i = 0; i < _outbox.Count; i++)
        {
            if (_outbox[i] is { Status: "sent", CompletedAt: null, SentAt: { } sentAt } row && sentAt + after <= now)
            {
                _outbox[i] = row with { CompletedAt = sentAt + after };
                _memoryLines.AddRange(_memory.AnswerLesson(row.LessonId, sentAt + after, row.MeetingId is { } m ? _meetings[m] : null));
            }
        }
        foreach (var check in _memory.QuickChecks.Where(c => c is { Status: "sent", CompletedAt: null } && c.SentAt + after <= now).ToList())
        {
            var answeredAt = check.SentAt!.Value + after;
            _memory.Update(check.Id, r => r with { CompletedAt = answeredAt });
            _memoryLines.Add(_memory.AnswerQuickCheck(check, answeredAt, check.MeetingId is { } m ? _meetings[m] : null));
        }
    }

    private PlanningQueries.DeliveryRow New(OutboxChanges.NewRow row, string status) =>
        new(_nextId++, SellerId, row.LessonId, row.MeetingId, row.Trigger, status, row.DueAt, null, null, row.Reason);

    private void Update(long id, Func<PlanningQueries.DeliveryRow, PlanningQueries.DeliveryRow> change)
    {
        var index = _outbox.FindIndex(r => r.Id == id);
        if (index >= 0)
            _outbox[index] = change(_outbox[index]);
    }

    private string? PartnerOf(string lessonId) => _partnerOfLesson.GetValueOrDefault(lessonId);

    private static SimulatedDecision Skip(DateTimeOffset at, string? lessonId, string? partnerId, SimulatedMeeting? meeting, string reason) =>
        new("skip", at, lessonId, partnerId, meeting, reason);
}
