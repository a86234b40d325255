using Dapper;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>A graded question of a card: its id and how the seller did.</summary>
internal readonly record struct QuestionGrade(long QuestionId, Grade Grade)
{
    /// <summary>Wrong → Again, partly right (pick/match) → Hard, right → Good; Easy is never given for a passive quiz.</summary>
    public static QuestionGrade FromScore(long questionId, decimal score) =>
        new(questionId, score >= 1m ? Grade.Good : score <= 0m ? Grade.Again : Grade.Hard);
}

/// <summary>
/// Owns memory_items and memory_reviews: each graded answer is one FSRS review of its (seller, question) item, stored
/// once per card (a repeated submit of the same card reviews nothing).
/// </summary>
internal sealed class MemoryItems(Fsrs fsrs)
{
    private sealed record ItemRow(long QuestionId, double Stability, double Difficulty, DateTime LastReviewAt);

    /// <summary>Reviews the items of one submitted card inside the caller's transaction (the one that records the answers).</summary>
    public async Task ReviewAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long sellerId, long deliveryId,
        IReadOnlyList<QuestionGrade> grades, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (grades.Count == 0)
            return;
        var questionIds = grades.Select(g => g.QuestionId).Order().ToArray();
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition("""
            SELECT question_id, stability, difficulty, last_review_at
            FROM memory_items
            WHERE seller_id = @sellerId AND question_id = ANY(@questionIds)
            ORDER BY question_id
            FOR UPDATE
            """, new { sellerId, questionIds }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(i => i.QuestionId);

        foreach (var (questionId, grade) in grades.OrderBy(g => g.QuestionId))
        {
            items.TryGetValue(questionId, out var item);
            var elapsedDays = item is null ? 0 : Math.Max(0, (now - new DateTimeOffset(item.LastReviewAt, TimeSpan.Zero)).TotalDays);
            var review = fsrs.Review(item is null ? null : new MemoryState(item.Stability, item.Difficulty), grade, elapsedDays);
            var nextDue = now.AddDays(review.IntervalDays);
            var logged = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO memory_reviews (seller_id, question_id, delivery_id, grade, reviewed_at, elapsed_days,
                                            retrievability, stability, difficulty, next_due_at)
                VALUES (@sellerId, @questionId, @deliveryId, @grade, @now, @elapsedDays,
                        @retrievability, @stability, @difficulty, @nextDue)
                ON CONFLICT (delivery_id, question_id) DO NOTHING
                """, new
            {
                sellerId, questionId, deliveryId, grade = (short)grade, now, elapsedDays,
                retrievability = review.Retrievability, stability = review.State.Stability,
                difficulty = review.State.Difficulty, nextDue,
            }, transaction, cancellationToken: cancellationToken));
            if (logged == 0)
                continue;
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO memory_items (seller_id, question_id, lesson_id, stability, difficulty, reviews, last_grade, last_review_at, due_at)
                SELECT @sellerId, q.id, q.lesson_id, @stability, @difficulty, 1, @grade, @now, @nextDue
                FROM quiz_questions q WHERE q.id = @questionId
                ON CONFLICT (seller_id, question_id) DO UPDATE
                SET stability = excluded.stability, difficulty = excluded.difficulty, reviews = memory_items.reviews + 1,
                    last_grade = excluded.last_grade, last_review_at = excluded.last_review_at, due_at = excluded.due_at
                """, new
            {
                sellerId, questionId, stability = review.State.Stability, difficulty = review.State.Difficulty, now, nextDue,
                grade = (short)grade,
            }, transaction, cancellationToken: cancellationToken));
        }
    }
}
