using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>Every write to the deliveries outbox.</summary>
internal static class DeliveryStore
{
    public static Task<int> InsertPlannedAsync(NpgsqlConnection connection, long sellerId, MeetingLessonDecision decision, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
            VALUES (@sellerId, 'lesson', 'meeting', @LessonId, @LessonVersion, @MeetingId, 'planned', @DueAt, @Reason, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { sellerId, decision.LessonId, decision.LessonVersion, decision.MeetingId, decision.DueAt, decision.Reason, now });

    public static Task<int> RecordSkipAsync(NpgsqlConnection connection, long sellerId, MeetingLessonDecision decision, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, created_at, updated_at)
            VALUES (@sellerId, 'lesson', 'meeting', @LessonId, @LessonVersion, @MeetingId, 'skipped', @DueAt, @Reason, @now, @now)
            ON CONFLICT (seller_id, meeting_id, lesson_id) WHERE status = 'skipped' AND meeting_id IS NOT NULL
            DO UPDATE SET reason = excluded.reason, due_at = excluded.due_at, updated_at = excluded.updated_at
            WHERE deliveries.reason IS DISTINCT FROM excluded.reason
            """, new { sellerId, decision.LessonId, decision.LessonVersion, decision.MeetingId, decision.DueAt, decision.Reason, now });

    public static Task<int> InsertStandaloneAsync(NpgsqlConnection connection, long sellerId, StandaloneDecision decision, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, created_at, updated_at)
            VALUES (@sellerId, 'lesson', @Trigger, @LessonId, @LessonVersion, 'planned', @DueAt, @Reason, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { sellerId, decision.Trigger, decision.LessonId, decision.LessonVersion, decision.DueAt, decision.Reason, now });

    public static Task<int> RecordStandaloneSkipAsync(NpgsqlConnection connection, long sellerId, StandaloneDecision decision, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, created_at, updated_at)
            VALUES (@sellerId, 'lesson', @Trigger, @LessonId, @LessonVersion, 'skipped', @DueAt, @Reason, @now, @now)
            ON CONFLICT (seller_id, lesson_id, trigger) WHERE status = 'skipped' AND meeting_id IS NULL
            DO UPDATE SET reason = excluded.reason, updated_at = excluded.updated_at
            WHERE deliveries.reason IS DISTINCT FROM excluded.reason
            """, new { sellerId, decision.Trigger, decision.LessonId, decision.LessonVersion, decision.DueAt, decision.Reason, now });

    public static Task<int> ReplanAsync(NpgsqlConnection connection, long deliveryId, DateTimeOffset dueAt, string reason, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE deliveries SET due_at = @dueAt, reason = @reason, updated_at = @now
            WHERE id = @deliveryId AND status = 'planned' AND (due_at <> @dueAt OR reason <> @reason)
            """, new { deliveryId, dueAt, reason, now });

    public static Task<int> CancelAsync(NpgsqlConnection connection, long deliveryId, string reason, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE deliveries SET status = 'cancelled', reason = @reason, updated_at = @now
            WHERE id = @deliveryId AND status = 'planned'
            """, new { deliveryId, reason, now });

    /// <summary>A skip that no longer applies (the meeting moved or the lesson went out another way) is dropped.</summary>
    public static Task<int> ForgetSkipAsync(NpgsqlConnection connection, long deliveryId) =>
        connection.ExecuteAsync("DELETE FROM deliveries WHERE id = @deliveryId AND status = 'skipped'", new { deliveryId });
}
