using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>
/// The planner's writes to the deliveries outbox, gathered for a batch of sellers and applied set-wise: one
/// statement per kind of change, whatever the number of rows.
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

    // What the simulator reads to apply the same changes to its in-memory outbox.
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

    public async Task<PlanSummary> ApplyAsync(NpgsqlConnection connection, DateTimeOffset now)
    {
        var moved = _moved.Count == 0 ? 0 : await connection.ExecuteAsync("""
            UPDATE deliveries d SET due_at = x.due_at, reason = x.reason, updated_at = @now
            FROM unnest(@ids, @dueAts, @reasons) AS x(id, due_at, reason)
            WHERE d.id = x.id AND d.status = 'planned' AND (d.due_at <> x.due_at OR d.reason <> x.reason)
            """, new
        {
            ids = _moved.Select(m => m.Id).ToArray(),
            dueAts = _moved.Select(m => m.DueAt.ToUniversalTime()).ToArray(),
            reasons = _moved.Select(m => m.Reason).ToArray(),
            now,
        });
        var cancelled = _cancelled.Count == 0 ? 0 : await connection.ExecuteAsync("""
            UPDATE deliveries d SET status = 'cancelled', reason = x.reason, updated_at = @now
            FROM unnest(@ids, @reasons) AS x(id, reason)
            WHERE d.id = x.id AND d.status = 'planned'
            """, new { ids = _cancelled.Select(c => c.Id).ToArray(), reasons = _cancelled.Select(c => c.Reason).ToArray(), now });
        // The skip of the same meeting and lesson may already be recorded (one skip each): then the row is only cancelled.
        cancelled += _skippedPlanned.Count == 0 ? 0 : await connection.ExecuteAsync("""
            UPDATE deliveries d
            SET status = CASE WHEN EXISTS (SELECT 1 FROM deliveries o WHERE o.status = 'skipped' AND o.seller_id = d.seller_id
                                           AND o.meeting_id = d.meeting_id AND o.lesson_id = d.lesson_id) THEN 'cancelled' ELSE 'skipped' END,
                reason = x.reason, updated_at = @now
            FROM unnest(@ids, @reasons) AS x(id, reason)
            WHERE d.id = x.id AND d.status = 'planned'
            """, new { ids = _skippedPlanned.Select(c => c.Id).ToArray(), reasons = _skippedPlanned.Select(c => c.Reason).ToArray(), now });
        if (_forgotten.Count > 0)
            await connection.ExecuteAsync("DELETE FROM deliveries WHERE id = ANY(@ids) AND status = 'skipped'", new { ids = _forgotten.ToArray() });

        var planned = await InsertAsync(connection, _planned, "planned", "ON CONFLICT DO NOTHING", now);
        planned += await InsertQuickChecksAsync(connection, now);
        var skipped = await InsertAsync(connection, [.. _skipped.Where(s => s.MeetingId is not null)], "skipped", """
            ON CONFLICT (seller_id, meeting_id, lesson_id) WHERE status = 'skipped' AND meeting_id IS NOT NULL
            DO UPDATE SET reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at
            WHERE deliveries.due_at <> excluded.due_at
            """, now);
        skipped += await InsertAsync(connection, [.. _skipped.Where(s => s.MeetingId is null)], "skipped", """
            ON CONFLICT (seller_id, lesson_id, trigger) WHERE status = 'skipped' AND meeting_id IS NULL DO NOTHING
            """, now);
        return new PlanSummary(planned, moved, cancelled, skipped);
    }

    private async Task<int> InsertQuickChecksAsync(NpgsqlConnection connection, DateTimeOffset now)
    {
        if (_quickChecks.Count == 0)
            return 0;
        return await connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, question_id, meeting_id, status, due_at, reason,
                                    created_at, updated_at)
            SELECT x.seller_id, 'quick-check', 'reinforcement', x.lesson_id, x.version, x.question_id, x.meeting_id, 'planned',
                   x.due_at, x.reason, @now, @now
            FROM unnest(@sellerIds, @lessonIds, @versions, @questionIds, @meetingIds, @dueAts, @reasons)
                 AS x(seller_id, lesson_id, version, question_id, meeting_id, due_at, reason)
            ON CONFLICT DO NOTHING
            """, new
        {
            now,
            sellerIds = _quickChecks.Select(r => r.SellerId).ToArray(),
            lessonIds = _quickChecks.Select(r => r.LessonId).ToArray(),
            versions = _quickChecks.Select(r => r.Version).ToArray(),
            questionIds = _quickChecks.Select(r => r.QuestionId).ToArray(),
            meetingIds = _quickChecks.Select(r => r.MeetingId).ToArray(),
            dueAts = _quickChecks.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
            reasons = _quickChecks.Select(r => r.Reason).ToArray(),
        });
    }

    private static async Task<int> InsertAsync(NpgsqlConnection connection, List<NewRow> rows, string status, string onConflict, DateTimeOffset now)
    {
        if (rows.Count == 0)
            return 0;
        return await connection.ExecuteAsync($"""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
            SELECT x.seller_id, 'lesson', x.trigger, x.lesson_id, x.version, x.meeting_id, @status, x.due_at, x.reason, @now, @now
            FROM unnest(@sellerIds, @triggers, @lessonIds, @versions, @meetingIds, @dueAts, @reasons)
                 AS x(seller_id, trigger, lesson_id, version, meeting_id, due_at, reason)
            {onConflict}
            """, new
        {
            status,
            now,
            sellerIds = rows.Select(r => r.SellerId).ToArray(),
            triggers = rows.Select(r => r.Trigger).ToArray(),
            lessonIds = rows.Select(r => r.LessonId).ToArray(),
            versions = rows.Select(r => r.Version).ToArray(),
            meetingIds = rows.Select(r => r.MeetingId).ToArray(),
            dueAts = rows.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
            reasons = rows.Select(r => r.Reason).ToArray(),
        });
    }
}
