using Dapper;

namespace LearningBot.Delivery.Outbox;

internal sealed partial class PostgresOutbox
{
    /// <summary>One statement per kind of change, whatever the number of rows.</summary>
    public Task<PlanSummary> ApplyAsync(OutboxChanges changes, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            Task<int> Execute(string sql, object parameters) =>
                connection.ExecuteAsync(new CommandDefinition(sql, parameters, _transaction, cancellationToken: cancellationToken));

            var moved = changes.Moved.Count == 0 ? 0 : await Execute("""
                UPDATE deliveries d SET due_at = x.due_at, reason = x.reason, updated_at = @Now
                FROM unnest(@Ids, @DueAts, @Reasons) AS x(id, due_at, reason)
                WHERE d.id = x.id AND d.status = 'planned' AND (d.due_at <> x.due_at OR d.reason <> x.reason)
                """, new
            {
                Ids = changes.Moved.Select(m => m.Id).ToArray(),
                DueAts = changes.Moved.Select(m => m.DueAt.ToUniversalTime()).ToArray(),
                Reasons = changes.Moved.Select(m => m.Reason).ToArray(),
                Now = now,
            });
            var cancelled = changes.Cancelled.Count == 0 ? 0 : await Execute("""
                UPDATE deliveries d SET status = 'cancelled', reason = x.reason, updated_at = @Now
                FROM unnest(@Ids, @Reasons) AS x(id, reason)
                WHERE d.id = x.id AND d.status = 'planned'
                """, new { Ids = changes.Cancelled.Select(c => c.Id).ToArray(), Reasons = changes.Cancelled.Select(c => c.Reason).ToArray(), Now = now });
            // The skip of the same meeting and lesson may already be recorded (one skip each): then the row is only cancelled.
            cancelled += changes.SkippedPlanned.Count == 0 ? 0 : await Execute("""
                UPDATE deliveries d
                SET status = CASE WHEN EXISTS (SELECT 1 FROM deliveries o WHERE o.status = 'skipped' AND o.seller_id = d.seller_id
                                               AND o.meeting_id = d.meeting_id AND o.lesson_id = d.lesson_id) THEN 'cancelled' ELSE 'skipped' END,
                    reason = x.reason, updated_at = @Now
                FROM unnest(@Ids, @Reasons) AS x(id, reason)
                WHERE d.id = x.id AND d.status = 'planned'
                """, new { Ids = changes.SkippedPlanned.Select(c => c.Id).ToArray(), Reasons = changes.SkippedPlanned.Select(c => c.Reason).ToArray(), Now = now });
            if (changes.Forgotten.Count > 0)
                await Execute("DELETE FROM deliveries WHERE id = ANY(@Ids) AND status = 'skipped'", new { Ids = changes.Forgotten.ToArray() });

            var planned = changes.Planned.Count == 0 ? 0 : await Execute("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
                SELECT x.seller_id, 'lesson', x.trigger, x.lesson_id, x.version, x.meeting_id, 'planned', x.due_at, x.reason, @Now, @Now
                FROM unnest(@SellerIds, @Triggers, @LessonIds, @Versions, @MeetingIds, @DueAts, @Reasons)
                     AS x(seller_id, trigger, lesson_id, version, meeting_id, due_at, reason)
                ON CONFLICT DO NOTHING
                """, NewRows(changes.Planned, now));
            planned += changes.QuickChecks.Count == 0 ? 0 : await Execute("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, question_id, meeting_id, status, due_at, reason,
                                        created_at, updated_at)
                SELECT x.seller_id, 'quick-check', 'reinforcement', x.lesson_id, x.version, x.question_id, x.meeting_id, 'planned',
                       x.due_at, x.reason, @Now, @Now
                FROM unnest(@SellerIds, @LessonIds, @Versions, @QuestionIds, @MeetingIds, @DueAts, @Reasons)
                     AS x(seller_id, lesson_id, version, question_id, meeting_id, due_at, reason)
                ON CONFLICT DO NOTHING
                """, new
            {
                Now = now,
                SellerIds = changes.QuickChecks.Select(r => r.SellerId).ToArray(),
                LessonIds = changes.QuickChecks.Select(r => r.LessonId).ToArray(),
                Versions = changes.QuickChecks.Select(r => r.Version).ToArray(),
                QuestionIds = changes.QuickChecks.Select(r => r.QuestionId).ToArray(),
                MeetingIds = changes.QuickChecks.Select(r => r.MeetingId).ToArray(),
                DueAts = changes.QuickChecks.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
                Reasons = changes.QuickChecks.Select(r => r.Reason).ToArray(),
            });

            // A meeting's skip is recorded once, with its first reason; only a moved meeting (a new due time) replaces it.
            var meetingSkips = changes.Skipped.Where(s => s.MeetingId is not null).ToList();
            var skipped = meetingSkips.Count == 0 ? 0 : await Execute("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
                SELECT x.seller_id, 'lesson', x.trigger, x.lesson_id, x.version, x.meeting_id, 'skipped', x.due_at, x.reason, @Now, @Now
                FROM unnest(@SellerIds, @Triggers, @LessonIds, @Versions, @MeetingIds, @DueAts, @Reasons)
                     AS x(seller_id, trigger, lesson_id, version, meeting_id, due_at, reason)
                ON CONFLICT (seller_id, meeting_id, lesson_id) WHERE status = 'skipped' AND meeting_id IS NOT NULL
                DO UPDATE SET reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at
                WHERE deliveries.due_at <> excluded.due_at
                """, NewRows(meetingSkips, now));
            var otherSkips = changes.Skipped.Where(s => s.MeetingId is null).ToList();
            skipped += otherSkips.Count == 0 ? 0 : await Execute("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
                SELECT x.seller_id, 'lesson', x.trigger, x.lesson_id, x.version, x.meeting_id, 'skipped', x.due_at, x.reason, @Now, @Now
                FROM unnest(@SellerIds, @Triggers, @LessonIds, @Versions, @MeetingIds, @DueAts, @Reasons)
                     AS x(seller_id, trigger, lesson_id, version, meeting_id, due_at, reason)
                ON CONFLICT (seller_id, lesson_id, trigger) WHERE status = 'skipped' AND meeting_id IS NULL DO NOTHING
                """, NewRows(otherSkips, now));
            return new PlanSummary(planned, moved, cancelled, skipped);
        }, cancellationToken);

    private static object NewRows(IReadOnlyList<OutboxChanges.NewRow> rows, DateTimeOffset now) => new
    {
        Now = now,
        SellerIds = rows.Select(r => r.SellerId).ToArray(),
        Triggers = rows.Select(r => r.Trigger).ToArray(),
        LessonIds = rows.Select(r => r.LessonId).ToArray(),
        Versions = rows.Select(r => r.Version).ToArray(),
        MeetingIds = rows.Select(r => r.MeetingId).ToArray(),
        DueAts = rows.Select(r => r.DueAt.ToUniversalTime()).ToArray(),
        Reasons = rows.Select(r => r.Reason).ToArray(),
    };
}
