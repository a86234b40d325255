using System.Text.Json;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using Npgsql;

namespace LearningBot.Quizzes;

/// <summary>
/// Records a submitted quiz once: one answer row per question and delivery, the completion time, and in the same
/// transaction one review of each question's memory item.
/// </summary>
internal sealed class AnswerStore(NpgsqlDataSource dataSource, MemoryItems memory)
{
    /// <summary>True when this submit recorded the answers; false when the delivery was already completed (a double click, a retry).</summary>
    public async Task<bool> RecordAsync(long deliveryId, long sellerId, IReadOnlyList<GradedAnswer> grades, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LessonOutbox.CompleteAsync(connection, transaction, deliveryId, sellerId, now, cancellationToken))
            return false;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO quiz_answers (delivery_id, question_id, seller_id, answer, score, answered_at)
            SELECT @DeliveryId, x.question_id, @SellerId, x.answer::jsonb, x.score, @Now
            FROM unnest(@QuestionIds, @Answers, @Scores) AS x(question_id, answer, score)
            ON CONFLICT (delivery_id, question_id) DO NOTHING
            """, new
        {
            DeliveryId = deliveryId,
            SellerId = sellerId,
            Now = now,
            QuestionIds = grades.Select(g => g.QuestionId).ToArray(),
            Answers = grades.Select(g => JsonSerializer.Serialize(g.Chosen)).ToArray(),
            Scores = grades.Select(g => g.Score).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await memory.ReviewAsync(connection, transaction, sellerId, deliveryId,
            [.. grades.Select(g => QuestionGrade.FromScore(g.QuestionId, g.Score))], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The grades of answers recorded earlier, re-graded from the stored choices (grading is deterministic).</summary>
    public async Task<IReadOnlyList<GradedAnswer>> StoredGradesAsync(LessonView lesson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long QuestionId, string Answer)>(new CommandDefinition(
            "SELECT question_id, answer::text FROM quiz_answers WHERE delivery_id = @DeliveryId",
            new { lesson.DeliveryId }, cancellationToken: cancellationToken));
        var answers = rows.ToDictionary(r => r.QuestionId,
            r => new QuizAnswer(r.QuestionId, JsonSerializer.Deserialize<List<string?>>(r.Answer) ?? []));
        return answers.Count == 0 ? [] : AnswerGrader.Grade(lesson.Questions, answers).Grades;
    }
}
