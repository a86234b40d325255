using Dapper;
using LearningBot.Quizzes;
using LearningBot.Reinforcement;
using LearningBot.Tests.Delivery;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Reinforcement;

/// <summary>Each recorded answer is one FSRS review of its (seller, question) item, in the real database.</summary>
public sealed class MemoryItemsTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _db = null!;
    private AnswerStore _answers = null!;
    private long _seller;
    private (long Id, string Lesson)[] _questions = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_, _db) = await SeedLibraryDatabase.CreateAsync(server);
        _answers = new AnswerStore(_db, new MemoryItems(new Fsrs()));
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        _seller = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sellers (email, time_zone, registered_via) VALUES ('ann@example.com', 'Europe/Berlin', 'roster') RETURNING id");
        _questions = [.. await connection.QueryAsync<(long, string)>("""
            SELECT q.id, q.lesson_id FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id AND l.current_version = q.lesson_version
            WHERE q.lesson_id = (SELECT min(lesson_id) FROM quiz_questions) ORDER BY q.position
            """)];
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<long> SentDeliveryAsync(string kind)
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, question_id, status, due_at, reason, sent_at)
            SELECT @_seller, @kind, CASE WHEN @kind = 'lesson' THEN 'user' ELSE 'reinforcement' END, l.id, l.current_version,
                   CASE WHEN @kind = 'lesson' THEN NULL ELSE @question END, 'sent', @Monday, 'test', @Monday
            FROM lessons l WHERE l.id = @lesson
            RETURNING id
            """, new { _seller, kind, Monday, question = _questions[0].Id, lesson = _questions[0].Lesson });
    }

    private static GradedAnswer Graded(long questionId, decimal score) => new(questionId, score, [], []);

    [Fact]
    public async Task The_first_answers_create_one_item_per_question_graded_again_hard_or_good_and_a_repeat_submit_reviews_nothing()
    {
        Assert.True(_questions.Length >= 2);
        var delivery = await SentDeliveryAsync("lesson");
        IReadOnlyList<GradedAnswer> grades = [Graded(_questions[0].Id, 0m), Graded(_questions[1].Id, 0.5m), .. _questions.Skip(2).Select(q => Graded(q.Id, 1m))];

        Assert.True(await _answers.RecordAsync(delivery, _seller, grades, Monday, Cancel));
        Assert.False(await _answers.RecordAsync(delivery, _seller, grades, Monday.AddSeconds(2), Cancel));

        await using var connection = await _db.OpenConnectionAsync(Cancel);
        var reviews = (await connection.QueryAsync<(long QuestionId, short Grade, double Elapsed, double Stability, DateTime NextDue)>(
            "SELECT question_id, grade, elapsed_days, stability, next_due_at FROM memory_reviews WHERE seller_id = @_seller ORDER BY question_id",
            new { _seller })).ToDictionary(r => r.QuestionId);
        Assert.Equal(_questions.Length, reviews.Count);
        Assert.Equal((short)Grade.Again, reviews[_questions[0].Id].Grade);
        Assert.Equal((short)Grade.Hard, reviews[_questions[1].Id].Grade);
        Assert.All(_questions.Skip(2), q => Assert.Equal((short)Grade.Good, reviews[q.Id].Grade));
        Assert.All(reviews.Values, r => Assert.Equal(0, r.Elapsed));
        Assert.Equal(0.212, reviews[_questions[0].Id].Stability, 6);
        Assert.Equal(Monday.AddDays(1).UtcDateTime, reviews[_questions[0].Id].NextDue);
        Assert.Equal(_questions.Length, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM memory_items WHERE seller_id = @_seller AND reviews = 1 AND retired_at IS NULL", new { _seller }));
    }

    [Fact]
    public async Task A_later_review_uses_the_time_since_the_last_one_and_updates_the_item()
    {
        var lesson = await SentDeliveryAsync("lesson");
        await _answers.RecordAsync(lesson, _seller, [Graded(_questions[0].Id, 0m)], Monday, Cancel);
        var check = await SentDeliveryAsync("quick-check");

        Assert.True(await _answers.RecordAsync(check, _seller, [Graded(_questions[0].Id, 1m)], Monday.AddDays(1), Cancel));

        var fsrs = new Fsrs();
        var expected = fsrs.Review(fsrs.Review(null, Grade.Again, 0).State, Grade.Good, 1);
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        var item = await connection.QuerySingleAsync<(double Stability, double Difficulty, int Reviews, DateTime Due)>(
            "SELECT stability, difficulty, reviews, due_at FROM memory_items WHERE seller_id = @_seller AND question_id = @id",
            new { _seller, id = _questions[0].Id });
        Assert.Equal(2, item.Reviews);
        Assert.Equal(expected.State.Stability, item.Stability, 9);
        Assert.Equal(expected.State.Difficulty, item.Difficulty, 9);
        Assert.Equal(Monday.AddDays(1 + expected.IntervalDays).UtcDateTime, item.Due);
        var logged = await connection.QuerySingleAsync<(double Elapsed, double Recall)>(
            "SELECT elapsed_days, retrievability FROM memory_reviews WHERE delivery_id = @check", new { check });
        Assert.Equal(1, logged.Elapsed, 9);
        Assert.Equal(expected.Retrievability, logged.Recall, 9);
    }
}
