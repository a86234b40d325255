using Dapper;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>What quick-check planning reads of memory items (and the one write it makes to them: retiring outdated ones); the quick checks themselves come from the outbox.</summary>
internal static class ReinforcementQueries
{
    internal sealed record ItemRow(
        long SellerId, long QuestionId, string LessonId, int LessonVersion, string LessonTitle, string PartnerId,
        double Stability, DateTimeOffset LastReviewAt, DateTimeOffset DueAt, short LastGrade);

    /// <summary>Items of archived lessons or of questions a newer version replaced stop asking what the lesson no longer says.</summary>
    public static Task<int> RetireOutdatedAsync(NpgsqlConnection connection, long[] sellerIds, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE memory_items m
            SET retired_at = @Now,
                retired_reason = CASE WHEN l.archived_at IS NOT NULL THEN 'the lesson was archived'
                                      ELSE 'the lesson changed: the question is not in its current version' END
            FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id
            WHERE m.question_id = q.id AND m.seller_id = ANY(@SellerIds) AND m.retired_at IS NULL
              AND (l.archived_at IS NOT NULL OR q.lesson_version <> l.current_version)
            """, new { SellerIds = sellerIds, Now = now });

    public static async Task<IReadOnlyList<ItemRow>> LiveItemsAsync(NpgsqlConnection connection, long[] sellerIds) =>
        [.. await connection.QueryAsync<ItemRow>("""
            SELECT m.seller_id, m.question_id, q.lesson_id, q.lesson_version, v.title AS lesson_title,
                   coalesce(l.partner_id, '') AS partner_id, m.stability, m.last_review_at, m.due_at, m.last_grade
            FROM memory_items m
            JOIN quiz_questions q ON q.id = m.question_id
            JOIN lessons l ON l.id = q.lesson_id
            JOIN lesson_versions v ON v.lesson_id = q.lesson_id AND v.version = q.lesson_version
            WHERE m.seller_id = ANY(@SellerIds) AND m.retired_at IS NULL
            ORDER BY m.seller_id, m.due_at, m.question_id
            """, new { SellerIds = sellerIds })];
}
