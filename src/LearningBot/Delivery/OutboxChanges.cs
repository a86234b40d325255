namespace LearningBot.Delivery;

/// <summary>
/// The planner's writes to the outbox, gathered for a batch of sellers and applied in one go by an
/// <see cref="Outbox.IOutboxTransitions"/> (the deliveries table, or the simulator's outbox in memory).
/// </summary>
internal sealed class OutboxChanges
{
    private readonly List<NewRow> _planned = [];
    private readonly List<NewRow> _skipped = [];
    private readonly List<(long Id, DateTimeOffset DueAt, string Reason)> _moved = [];
    private readonly List<(long Id, string Reason)> _cancelled = [];
    private readonly List<(long Id, string Reason)> _skippedPlanned = [];
    private readonly List<long> _forgotten = [];
    private readonly List<QuickCheckRow> _quickChecks = [];

    internal sealed record NewRow(long SellerId, string Trigger, string LessonId, int Version, long? MeetingId, DateTimeOffset DueAt, string Reason);

    internal sealed record QuickCheckRow(
        long SellerId, string LessonId, int Version, long QuestionId, long? MeetingId, DateTimeOffset DueAt, string Reason);

    public IReadOnlyList<NewRow> Planned => _planned;

    public IReadOnlyList<NewRow> Skipped => _skipped;

    public IReadOnlyList<(long Id, DateTimeOffset DueAt, string Reason)> Moved => _moved;

    public IReadOnlyList<(long Id, string Reason)> Cancelled => _cancelled;

    public IReadOnlyList<long> Forgotten => _forgotten;

    public IReadOnlyList<QuickCheckRow> QuickChecks => _quickChecks;

    public IReadOnlyList<(long Id, string Reason)> SkippedPlanned => _skippedPlanned;

    public void Plan(long sellerId, string trigger, string lessonId, int version, long? meetingId, DateTimeOffset dueAt, string reason) =>
        _planned.Add(new NewRow(sellerId, trigger, lessonId, version, meetingId, dueAt, reason));

    public void PlanQuickCheck(long sellerId, string lessonId, int version, long questionId, long? meetingId, DateTimeOffset dueAt, string reason) =>
        _quickChecks.Add(new QuickCheckRow(sellerId, lessonId, version, questionId, meetingId, dueAt, reason));

    /// <summary>
    /// Recorded once per (seller, meeting or trigger, lesson) with its first reason; only a moved meeting (a new due
    /// time) replaces it.
    /// </summary>
    public void Skip(long sellerId, string trigger, string lessonId, int version, long? meetingId, DateTimeOffset dueAt, string reason) =>
        _skipped.Add(new NewRow(sellerId, trigger, lessonId, version, meetingId, dueAt, reason));

    public void Move(long deliveryId, DateTimeOffset dueAt, string reason) => _moved.Add((deliveryId, dueAt, reason));

    public void Cancel(long deliveryId, string reason) => _cancelled.Add((deliveryId, reason));

    /// <summary>A planned row whose chance passed before it was sent becomes a skip with the reason.</summary>
    public void SkipPlanned(long deliveryId, string reason) => _skippedPlanned.Add((deliveryId, reason));

    /// <summary>A skip that no longer applies (the meeting moved, or the lesson went out another way) is dropped.</summary>
    public void Forget(long deliveryId) => _forgotten.Add(deliveryId);
}
