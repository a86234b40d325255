using Dapper;
using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;
using LearningBot.Learn;
using LearningBot.Quizzes;
using LearningBot.Reinforcement;
using LearningBot.Tests.Delivery;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Reinforcement;

/// <summary>The database planner places quick checks for missed questions, once, and takes them back when switched off.</summary>
public sealed class QuickCheckPlanningTests(PostgresServer server) : IAsyncLifetime
{
    // Monday 30 Nov 2026, 10:00 in Berlin.
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Monday);
    private NpgsqlDataSource _db = null!;
    private long _seller;
    private long _question;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_, _db) = await SeedLibraryDatabase.CreateAsync(server);
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        _seller = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sellers (email, time_zone, registered_via) VALUES ('ann@example.com', 'Europe/Berlin', 'roster') RETURNING id");
        var (question, lesson) = await connection.QuerySingleAsync<(long, string)>("""
            SELECT q.id, q.lesson_id FROM quiz_questions q JOIN lessons l ON l.id = q.lesson_id AND l.current_version = q.lesson_version
            ORDER BY q.lesson_id, q.position LIMIT 1
            """);
        _question = question;
        var delivery = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, sent_at)
            SELECT @_seller, 'lesson', 'user', l.id, l.current_version, 'sent', @Monday, 'asked for it', @Monday FROM lessons l WHERE l.id = @lesson
            RETURNING id
            """, new { _seller, Monday, lesson });
        await new AnswerStore(_db, new MemoryItems(new Fsrs())).RecordAsync(delivery, _seller, [new GradedAnswer(_question, 0m, [], [])], Monday, Cancel);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DeliveryPlanner Planner() =>
        new(_db, new PlanningQueries(_db), Options.Create(new PacingOptions()), Options.Create(new DeliveryOptions()),
            new QuickCheckPlanning(new Fsrs(), Options.Create(new ReinforcementOptions())), _time, Metrics.Bot(), NullLogger<DeliveryPlanner>.Instance);

    private async Task<List<(string Status, DateTime DueAt, long QuestionId, string Reason)>> QuickChecksAsync()
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return [.. await connection.QueryAsync<(string, DateTime, long, string)>(
            "SELECT status, due_at, question_id, reason FROM deliveries WHERE kind = 'quick-check' AND seller_id = @_seller ORDER BY id",
            new { _seller })];
    }

    [Fact]
    public async Task A_missed_question_gets_one_quick_check_a_day_later_when_FSRS_says_it_is_due_with_its_reason()
    {
        _time.Advance(TimeSpan.FromMinutes(5));
        await Planner().PlanSellerAsync(_seller, Cancel);
        await Planner().PlanSellerAsync(_seller, Cancel);

        var check = Assert.Single(await QuickChecksAsync());
        Assert.Equal("planned", check.Status);
        Assert.Equal(_question, check.QuestionId);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), check.DueAt);
        Assert.StartsWith("Quick check on \"", check.Reason, StringComparison.Ordinal);
        Assert.Contains("you missed this on Mon 10:00", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_lesson_the_seller_already_has_leaves_its_planned_quick_check_alone()
    {
        _time.Advance(TimeSpan.FromMinutes(5));
        await Planner().PlanSellerAsync(_seller, Cancel);
        var lesson = await LessonOfQuestionAsync();
        var outbox = new PostgresOutbox(_db);
        var dispatcher = new Dispatcher(_db, outbox, new NeverSends(), Options.Create(new PacingOptions()), Options.Create(new DeliveryOptions()),
            new QuickCheckSendTime(Options.Create(new ReinforcementOptions())), _time, Metrics.Bot(), NullLogger<Dispatcher>.Instance);

        var requested = await new LessonRequests(_db, new LessonOutbox(outbox, dispatcher, _time), new DeliveryReads(_db)).SendAsync(_seller, lesson, "You started it from /learn", Cancel);

        Assert.True(requested!.AlreadyHad);
        Assert.Equal("planned", Assert.Single(await QuickChecksAsync()).Status);
    }

    /// <summary>The lesson is already the seller's, so nothing is sent; a send would be a defect.</summary>
    private sealed class NeverSends : IDeliverySender
    {
        public Task<SentMessage> SendAsync(DeliveryToSend delivery, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"delivery {delivery.Id} was sent");

        public Task<SentMessage?> FindSentAsync(DeliveryToSend delivery, CancellationToken cancellationToken) => Task.FromResult<SentMessage?>(null);
    }

    private async Task<string> LessonOfQuestionAsync()
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<string>("SELECT lesson_id FROM quiz_questions WHERE id = @_question", new { _question }) ?? "";
    }

    [Fact]
    public async Task Switching_quick_checks_off_cancels_the_planned_one_and_plans_no_other()
    {
        _time.Advance(TimeSpan.FromMinutes(5));
        await Planner().PlanSellerAsync(_seller, Cancel);
        await using (var connection = await _db.OpenConnectionAsync(Cancel))
            await connection.ExecuteAsync("UPDATE sellers SET settings = '{\"quick_checks\": false}' WHERE id = @_seller", new { _seller });

        await Planner().PlanSellerAsync(_seller, Cancel);

        var check = Assert.Single(await QuickChecksAsync());
        Assert.Equal("cancelled", check.Status);
        Assert.Equal("quick checks are switched off in your settings", check.Reason);
    }

    [Fact]
    public async Task A_question_a_new_lesson_version_replaced_retires_instead_of_being_asked()
    {
        await using (var connection = await _db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes)
                SELECT lesson_id, version + 1, content_hash || '-2', source_path, title, objective, body_markdown, estimated_minutes
                FROM lesson_versions v WHERE (lesson_id, version) = (SELECT lesson_id, lesson_version FROM quiz_questions WHERE id = @_question);
                UPDATE lessons SET current_version = current_version + 1 WHERE id = (SELECT lesson_id FROM quiz_questions WHERE id = @_question);
                """, new { _question });
        }
        _time.Advance(TimeSpan.FromMinutes(5));

        await Planner().PlanSellerAsync(_seller, Cancel);

        Assert.Empty(await QuickChecksAsync());
        await using var check = await _db.OpenConnectionAsync(Cancel);
        Assert.Equal("the lesson changed: the question is not in its current version", await check.ExecuteScalarAsync<string>(
            "SELECT retired_reason FROM memory_items WHERE seller_id = @_seller AND question_id = @_question", new { _seller, _question }));
    }
}
