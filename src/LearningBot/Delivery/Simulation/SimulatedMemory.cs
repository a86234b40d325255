using LearningBot.Content;
using LearningBot.Delivery.Outbox;
using LearningBot.Reinforcement;

namespace LearningBot.Delivery.Simulation;

/// <summary>One FSRS review in a simulation: stability and difficulty after it, recall at the moment of it.</summary>
internal sealed record SimulatedReview(
    string LessonId, int Question, Grade Grade, double ElapsedDays, double Stability, double Difficulty, double Retrievability,
    DateTimeOffset NextDue, string? MeetingUid);

/// <summary>
/// The simulated seller's memory items and quick checks: the same FSRS scheduler, quick-check planner
/// (<see cref="QuickCheckOutbox"/>) and send-time check (<see cref="QuickCheckSendTime"/>) as the bot, with the
/// answers given by <c>--answers</c>.
/// </summary>
internal sealed class SimulatedMemory(SimulationSetup setup, Fsrs fsrs, QuickCheckRules rules)
{
    private sealed record Item(string LessonId, int Index, MemoryState State, DateTimeOffset LastReviewAt, DateTimeOffset DueAt, Grade LastGrade, int Reviews);

    private readonly Dictionary<long, Item> _items = [];
    private readonly Dictionary<string, int> _lessonOrdinal =
        setup.Lessons.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i + 1, StringComparer.Ordinal);
    private readonly Dictionary<string, LessonDefinition> _lessons = setup.Lessons.ToDictionary(l => l.Id, StringComparer.Ordinal);

    private long QuestionId(string lessonId, int index) => _lessonOrdinal[lessonId] * 1000L + index;

    /// <summary>The seller submits a lesson card: every question of its quiz is one review.</summary>
    public IEnumerable<SimulatedDecision> AnswerLesson(string lessonId, DateTimeOffset at, SimulatedMeeting? meeting)
    {
        var lesson = _lessons[lessonId];
        for (var index = 0; index < lesson.Quiz.Count; index++)
            yield return Review(lessonId, index, at, meeting, "the first answer, in the lesson card");
    }

    /// <summary>The seller answers a quick check: one review of its question.</summary>
    public SimulatedDecision AnswerQuickCheck(long questionId, string reason, DateTimeOffset at, SimulatedMeeting? meeting)
    {
        var item = _items[questionId];
        return Review(item.LessonId, item.Index, at, meeting, reason);
    }

    private SimulatedDecision Review(string lessonId, int index, DateTimeOffset at, SimulatedMeeting? meeting, string reason)
    {
        var id = QuestionId(lessonId, index);
        _items.TryGetValue(id, out var before);
        var grade = setup.Answers.GradeFor(before?.Reviews ?? 0);
        var elapsed = before is null ? 0 : Math.Max(0, (at - before.LastReviewAt).TotalDays);
        var review = fsrs.Review(before?.State, grade, elapsed);
        var due = at.AddDays(review.IntervalDays);
        _items[id] = new Item(lessonId, index, review.State, at, due, grade, (before?.Reviews ?? 0) + 1);
        var result = new SimulatedReview(lessonId, index, grade, elapsed, review.State.Stability, review.State.Difficulty, review.Retrievability, due, meeting?.Uid);
        return new SimulatedDecision("review", at, lessonId, _lessons[lessonId].PartnerId, meeting, reason, Review: result);
    }

    /// <param name="recent">The seller's live quick checks and those sent in the last eight days, as the planner reads them.</param>
    public void Plan(SellerSchedule lessons, IReadOnlyList<RecallMeeting> meetings, IReadOnlyList<OutboxQuickCheck> recent, DateTimeOffset now, OutboxChanges changes)
    {
        var items = _items.Select(pair => new ReinforcementQueries.ItemRow(
            DeliverySimulator.SellerId, pair.Key, pair.Value.LessonId, 1, _lessons[pair.Value.LessonId].Title,
            _lessons[pair.Value.LessonId].PartnerId ?? "", pair.Value.State.Stability, pair.Value.LastReviewAt,
            pair.Value.DueAt, (short)pair.Value.LastGrade)).ToList();
        QuickCheckOutbox.Plan(DeliverySimulator.SellerId, enabled: true, lessons, meetings, items, recent, rules, fsrs, now, changes);
    }

    public string LessonOf(long questionId) => _items[questionId].LessonId;
}
