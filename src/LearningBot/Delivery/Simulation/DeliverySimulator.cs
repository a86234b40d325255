using System.Globalization;
using LearningBot.Delivery.Outbox;
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
/// (<see cref="SendTimeCheck"/>) for one seller over a simulated clock, with the outbox transitions of an
/// <see cref="InMemoryOutbox"/> in place of the deliveries table. The planner runs every five minutes as in production; a row
/// is dispatched at its due time. A skip is reported once its chance has passed (the meeting started, or the run ended) with
/// the reason given when the planner first gave up on it.
/// </summary>
internal sealed class DeliverySimulator
{
    public const long SellerId = 1;
    public static readonly TimeSpan PlanInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Lease = new DeliveryOptions().Lease;
    private const string SimulatedChannel = "simulated";

    private readonly SimulationSetup _setup;
    private readonly PlanningSeller _seller;
    private readonly Dictionary<string, string?> _partnerOfLesson;
    private readonly Dictionary<long, SimulatedMeeting> _meetings;
    private readonly InMemoryOutbox _outbox = new();
    private readonly List<SimulatedDecision> _sends = [];
    private readonly Dictionary<long, SimulatedDecision> _meetingSkips = [];
    private readonly Dictionary<(string Trigger, string LessonId), SimulatedDecision> _otherSkips = [];
    private readonly List<SimulatedDecision> _memoryLines = [];
    private readonly SimulatedMemory _memory;
    private readonly QuickCheckRules _quickCheckRules = QuickCheckRules.From(new ReinforcementOptions());

    private DeliverySimulator(SimulationSetup setup)
    {
        _setup = setup;
        _seller = new PlanningSeller(SellerId, setup.Zone.Id, "", null);
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
                if (due.Row.Kind == DeliveryKind.QuickCheck)
                    DispatchQuickCheck(due.Row, at);
                else
                    Dispatch(due.Row, at);
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

    private (DateTimeOffset DueAt, InMemoryOutbox.Row Row)? NextDue(DateTimeOffset before)
    {
        bool Due(InMemoryOutbox.Row r, string kind) =>
            r.Kind == kind && r.Status == DeliveryStatus.Planned && r.DueAt < before && r.DueAt < _setup.Until;
        var lesson = _outbox.Rows.Where(r => Due(r, DeliveryKind.Lesson)).MinBy(r => (r.DueAt, r.Id));
        var check = _outbox.Rows.Where(r => Due(r, DeliveryKind.QuickCheck)).MinBy(r => (r.DueAt, r.Id));
        // A lesson always wins over a quick check due at the same moment.
        if (lesson is not null && (check is null || lesson.DueAt <= check.DueAt))
            return (lesson.DueAt, lesson);
        return check is null ? null : (check.DueAt, check);
    }

    private IReadOnlyList<PlanningMeeting> MeetingRows(DateTimeOffset from, DateTimeOffset until) =>
        [.. _setup.Meetings.Where(m => m.End > from && m.Start < until).Select(m => m.Row)];

    private IReadOnlyList<OutboxLesson> Lessons => _outbox.Lessons([SellerId]);

    private void Plan(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var meetings = MeetingRows(now - TimeSpan.FromDays(1), now + DeliveryPlanner.Horizon);
        meetings = [.. meetings, .. Lessons
            .Where(d => d.Status == DeliveryStatus.Planned && d.MeetingId is { } id && !meetings.Any(m => m.Id == id))
            .Select(d => _meetings[d.MeetingId!.Value].Row)];
        var matches = _setup.Meetings.SelectMany(m => m.Partners).ToLookup(m => m.MeetingId);
        var audience = _setup.Meetings.Where(m => m.Start >= now - TimeSpan.FromDays(90)).SelectMany(m => m.Partners).Select(p => p.PartnerId)
            .Concat(_setup.OpportunityPartners).ToHashSet(StringComparer.Ordinal);
        var changes = new OutboxChanges();
        var result = SellerPlan.Plan(_seller, _setup.Rules, meetings, matches, Lessons, audience, SimulatedLibrary.On(_setup.Lessons, day), now, changes);
        _memory.Plan(result.Lessons, QuickCheckPlanning.RecallMeetings(meetings, matches, now),
            _outbox.QuickChecks([SellerId], now - TimeSpan.FromDays(8)), now, changes);
        _outbox.Apply(changes, now);

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

    /// <summary>The dispatcher's transitions for a verdict; a deferral lands at least a minute later, so the run moves on.</summary>
    private void Settle(InMemoryOutbox.Row row, SendTimeVerdict verdict, DateTimeOffset at)
    {
        _outbox.Claim(row.Id, at, Lease);
        switch (verdict)
        {
            case SendTimeVerdict.Go:
                _outbox.MarkSent(row.Id, new SentMessage(SimulatedChannel, row.Id.ToString(CultureInfo.InvariantCulture)), at);
                break;
            case SendTimeVerdict.Cancel cancel:
                _outbox.Finish(row.Id, DeliveryStatus.Cancelled, cancel.Reason, null, at);
                break;
            case SendTimeVerdict.Defer defer:
                _outbox.Release(row.Id, defer.At > at ? defer.At : at + TimeSpan.FromMinutes(1), defer.Reason, null, at);
                break;
            case SendTimeVerdict.Skip skip:
                _outbox.Finish(row.Id, DeliveryStatus.Skipped, skip.Reason, null, at);
                break;
        }
    }

    private void Dispatch(InMemoryOutbox.Row row, DateTimeOffset at)
    {
        var (from, until) = ScheduleFromRows.SendTimeMeetingWindow(at);
        var schedule = ScheduleFromRows.AtSendTime(_seller, _setup.Rules, MeetingRows(from, until), Lessons, row.Id);
        var simulatedMeeting = row.MeetingId is { } meetingId ? _meetings[meetingId] : null;
        var verdict = SendTimeCheck.Decide(schedule, row.MeetingId, simulatedMeeting?.Row, row.Reason, row.DueAt, at);
        Settle(row, verdict, at);
        switch (verdict)
        {
            case SendTimeVerdict.Go:
                _sends.Add(new SimulatedDecision("send", at, row.LessonId, PartnerOf(row.LessonId), simulatedMeeting, row.Reason));
                if (row.MeetingId is { } sentFor)
                    _meetingSkips.Remove(sentFor);
                _otherSkips.Remove((row.Trigger, row.LessonId));
                break;
            case SendTimeVerdict.Skip skip:
                var decision = Skip(at, row.LessonId, PartnerOf(row.LessonId), simulatedMeeting, skip.Reason);
                if (row.MeetingId is { } skippedFor)
                    _meetingSkips.TryAdd(skippedFor, decision);
                else
                    _otherSkips.TryAdd((row.Trigger, row.LessonId), decision);
                break;
        }
    }

    /// <summary>A quick check under the same send-time check as the dispatcher's.</summary>
    private void DispatchQuickCheck(InMemoryOutbox.Row row, DateTimeOffset at)
    {
        var (from, until) = ScheduleFromRows.SendTimeMeetingWindow(at);
        var lessons = ScheduleFromRows.AtSendTime(_seller, _setup.Rules, MeetingRows(from, until), Lessons, -1);
        var lessonId = _memory.LessonOf(row.QuestionId!.Value);
        var simulatedMeeting = row.MeetingId is { } meetingId ? _meetings[meetingId] : null;
        var quickChecksSent = _outbox.Rows
            .Where(c => c.Kind == DeliveryKind.QuickCheck && c.Status == DeliveryStatus.Sent && c.Id != row.Id).Select(c => c.SentAt ?? c.DueAt).ToList();
        var verdict = QuickCheckSendTime.Decide(row.Reason, row.DueAt, row.MeetingId, simulatedMeeting?.Row, lessons, quickChecksSent, _quickCheckRules, at);
        Settle(row, verdict, at);
        switch (verdict)
        {
            case SendTimeVerdict.Go:
                _sends.Add(new SimulatedDecision("send", at, lessonId, PartnerOf(lessonId), simulatedMeeting, row.Reason, Delivery: DeliveryKind.QuickCheck));
                break;
            case SendTimeVerdict.Skip skip:
                _memoryLines.Add(new SimulatedDecision("skip", at, lessonId, PartnerOf(lessonId), simulatedMeeting, skip.Reason, Delivery: DeliveryKind.QuickCheck));
                break;
        }
    }

    /// <summary>
    /// The seller finishes each lesson and answers each quick check a fixed time after it arrived (answering as
    /// <c>--answers</c> says, each answer one FSRS review); the planner only learns it once it happened.
    /// </summary>
    private void CompleteUpTo(DateTimeOffset now)
    {
        if (_setup.CompleteAfter is not { } after)
            return;
        bool Finished(InMemoryOutbox.Row r, string kind) =>
            r.Kind == kind && r.Status == DeliveryStatus.Sent && r.CompletedAt is null && r.SentAt + after <= now;
        foreach (var row in _outbox.Rows.Where(r => Finished(r, DeliveryKind.Lesson)).ToList())
        {
            var finishedAt = row.SentAt!.Value + after;
            _outbox.Complete(row.Id, SellerId, finishedAt);
            _memoryLines.AddRange(_memory.AnswerLesson(row.LessonId, finishedAt, row.MeetingId is { } m ? _meetings[m] : null));
        }
        foreach (var check in _outbox.Rows.Where(r => Finished(r, DeliveryKind.QuickCheck)).ToList())
        {
            var answeredAt = check.SentAt!.Value + after;
            _outbox.Complete(check.Id, SellerId, answeredAt);
            _memoryLines.Add(_memory.AnswerQuickCheck(check.QuestionId!.Value, check.Reason, answeredAt, check.MeetingId is { } m ? _meetings[m] : null));
        }
    }

    private string? PartnerOf(string lessonId) => _partnerOfLesson.GetValueOrDefault(lessonId);

    private static SimulatedDecision Skip(DateTimeOffset at, string? lessonId, string? partnerId, SimulatedMeeting? meeting, string reason) =>
        new("skip", at, lessonId, partnerId, meeting, reason);
}
