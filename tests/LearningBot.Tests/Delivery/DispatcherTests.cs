using System.Collections.Concurrent;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;
using LearningBot.Reinforcement;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Delivery;

public sealed class DispatcherTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly FakeTimeProvider _time = new(Local(12, 1, 10, 0));
    private NpgsqlDataSource _db = null!;

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0, int second = 0)
    {
        var local = new DateTime(2026, month, day, hour, minute, second);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    /// <summary>Stands in for Slack behind the narrow sending seam: records what "reached Slack", can fail on cue.</summary>
    private sealed class RecordingSender : IDeliverySender
    {
        public ConcurrentDictionary<long, int> Posts { get; } = new();

        public Func<DeliveryToSend, Exception?> FailAfterPosting { get; set; } = _ => null;

        public Func<DeliveryToSend, Exception?> FailBeforePosting { get; set; } = _ => null;

        public Task<SentMessage> SendAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
        {
            if (FailBeforePosting(delivery) is { } before)
                throw before;
            Posts.AddOrUpdate(delivery.Id, 1, (_, n) => n + 1);
            if (FailAfterPosting(delivery) is { } after)
                throw after;
            return Task.FromResult(new SentMessage("D1", $"{delivery.Id}.0001"));
        }

        public Task<SentMessage?> FindSentAsync(DeliveryToSend delivery, CancellationToken cancellationToken) =>
            Task.FromResult(Posts.ContainsKey(delivery.Id) ? new SentMessage("D1", $"{delivery.Id}.0001") : null);
    }

    private sealed record Row(long Id, string Status, DateTimeOffset DueAt, string Reason, string? SlackTs, string? LastError);

    public async ValueTask InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using var connection = await _db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, content_hash) VALUES ('northwind', 'Northwind Data', 'h');
            INSERT INTO lessons (id, partner_id, objective_kind, current_version)
            SELECT 'lesson-' || n, 'northwind', 'joint-value', 1 FROM generate_series(1, 5) n;
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes)
            SELECT 'lesson-' || n, 1, 'h', 'x.md', 'Lesson ' || n, 'Name it', 'body', 4 FROM generate_series(1, 5) n;
            INSERT INTO sellers (email, slack_user_id, time_zone, registered_via)
            SELECT 'seller' || n || '@acme.com', 'U' || n, 'Europe/Berlin', 'roster' FROM generate_series(1, 200) n;
            """);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private Dispatcher DispatcherWith(IDeliverySender sender) =>
        new(_db, new PostgresOutbox(_db), sender, Options.Create(new PacingOptions()), Options.Create(new DeliveryOptions()),
            new QuickCheckSendTime(Options.Create(new ReinforcementOptions())), _time, Metrics.Bot(), NullLogger<Dispatcher>.Instance);

    private async Task<long> PlanAsync(long sellerId, string lesson, DateTimeOffset dueAt, string trigger = "evergreen", long? meetingId = null)
    {
        await using var connection = await _db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason)
            VALUES (@sellerId, 'lesson', @trigger, @lesson, 1, @meetingId, 'planned', @dueAt, 'test plan') RETURNING id
            """, new { sellerId, lesson, dueAt, trigger, meetingId });
    }

    private async Task<Row> RowAsync(long id)
    {
        await using var connection = await _db.OpenConnectionAsync();
        return await connection.QuerySingleAsync<Row>("SELECT id, status, due_at, reason, slack_ts, last_error FROM deliveries WHERE id = @id", new { id });
    }

    [Fact]
    public async Task A_lesson_asked_for_now_is_sent_alone_and_other_sellers_due_rows_wait_for_the_dispatcher()
    {
        var sender = new RecordingSender();
        var othersDue = await PlanAsync(2, "lesson-2", Local(12, 1, 9));
        var outbox = new PostgresOutbox(_db);
        var requests = new LessonOutbox(outbox, DispatcherWith(sender), _time);

        Assert.True(await requests.RequestNowAsync(1, "lesson-1", 1, "You asked for it", TestContext.Current.CancellationToken));
        Assert.False(await requests.RequestNowAsync(1, "lesson-1", 1, "You asked again", TestContext.Current.CancellationToken));

        var sent = Assert.Single(sender.Posts);
        Assert.Equal("sent", (await RowAsync(sent.Key)).Status);
        Assert.Equal("planned", (await RowAsync(othersDue)).Status);
    }

    [Fact]
    public async Task A_due_delivery_is_sent_and_recorded_while_a_later_one_waits()
    {
        var sender = new RecordingSender();
        var due = await PlanAsync(1, "lesson-1", Local(12, 1, 10));
        var later = await PlanAsync(2, "lesson-1", Local(12, 1, 14));

        var summary = await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Sent);
        Assert.Equal(("sent", $"{due}.0001"), ((await RowAsync(due)).Status, (await RowAsync(due)).SlackTs));
        Assert.Equal("planned", (await RowAsync(later)).Status);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_of_two_hundred_deliveries_exactly_once()
    {
        var sender = new RecordingSender();
        var ids = new List<long>();
        for (var seller = 1; seller <= 200; seller++)
            ids.Add(await PlanAsync(seller, "lesson-2", Local(12, 1, 9, 30)));

        await Task.WhenAll(
            DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken),
            DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken));

        Assert.Equal(200, sender.Posts.Count);
        Assert.All(sender.Posts.Values, count => Assert.Equal(1, count));
        foreach (var id in ids)
            Assert.Equal("sent", (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_of_two_hundred_quick_checks_exactly_once()
    {
        var sender = new RecordingSender();
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
                VALUES ('lesson-3', 1, 0, 'choice', 'Which one?', '["a", "b"]', '"a"');
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, question_id, status, due_at, reason)
                SELECT s.id, 'quick-check', 'reinforcement', 'lesson-3', 1, q.id, 'planned', @due, 'Quick check on "Lesson 3": you missed this'
                FROM sellers s CROSS JOIN quiz_questions q;
                """, new { due = Local(12, 1, 9, 30) });
        }

        await Task.WhenAll(
            DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken),
            DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken));

        Assert.Equal(200, sender.Posts.Count);
        Assert.All(sender.Posts.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_crash_after_slack_accepted_the_card_is_reconciled_without_a_second_card()
    {
        var sender = new RecordingSender { FailAfterPosting = _ => new InvalidOperationException("process died here") };
        var id = await PlanAsync(3, "lesson-3", Local(12, 1, 10));

        await Assert.ThrowsAsync<InvalidOperationException>(() => DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken));
        Assert.Equal("sending", (await RowAsync(id)).Status);

        sender.FailAfterPosting = _ => null;
        _time.Advance(new DeliveryOptions().Lease + TimeSpan.FromSeconds(1));
        var summary = await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Reconciled);
        Assert.Equal("sent", (await RowAsync(id)).Status);
        Assert.Equal(1, sender.Posts[id]);
    }

    [Fact]
    public async Task A_crash_before_slack_had_the_card_sends_it_after_the_lease_expires()
    {
        var sender = new RecordingSender { FailBeforePosting = _ => new InvalidOperationException("process died here") };
        var id = await PlanAsync(4, "lesson-4", Local(12, 1, 10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken));

        sender.FailBeforePosting = _ => null;
        _time.Advance(new DeliveryOptions().Lease + TimeSpan.FromSeconds(1));
        await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal("sent", (await RowAsync(id)).Status);
        Assert.Equal(1, sender.Posts[id]);
    }

    [Fact]
    public async Task A_seller_who_just_walked_into_a_meeting_gets_the_lesson_later_with_the_reason()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
                VALUES (5, 'file', 'standup', 'Stand-up', @start, @end)
                """, new { start = Local(12, 1, 9, 45), end = Local(12, 1, 10, 30) });
        }
        var id = await PlanAsync(5, "lesson-5", Local(12, 1, 10));

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        var row = await RowAsync(id);
        Assert.Equal(1, summary.Deferred);
        Assert.Equal("planned", row.Status);
        Assert.Equal(Local(12, 1, 10, 30), row.DueAt);
        Assert.Contains("moved to Tue 10:30 at send time", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lesson_due_at_the_last_free_moment_of_the_day_is_still_sent_when_the_dispatcher_checks_a_little_late()
    {
        var id = await PlanAsync(9, "lesson-1", Local(12, 1, 16, 45));
        _time.SetUtcNow(Local(12, 1, 16, 45).AddMilliseconds(150));

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Sent);
        Assert.Equal("sent", (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task A_late_check_does_not_send_into_a_meeting_the_seller_walked_into_after_planning()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
                VALUES (10, 'file', 'late', 'Escalation', @start, @end)
                """, new { start = Local(12, 1, 16, 45, 30), end = Local(12, 1, 17) });
        }
        var id = await PlanAsync(10, "lesson-1", Local(12, 1, 16, 45));
        _time.SetUtcNow(Local(12, 1, 16, 46));

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, summary.Sent);
        var row = await RowAsync(id);
        Assert.Equal("planned", row.Status);
        Assert.Equal("test plan; planned for Tue 16:45 but moved to Wed 09:00 at send time because Tue 16:45 is outside working hours, "
            + "inside a meeting or has less than 15 minutes free ahead", row.Reason);
    }

    [Fact]
    public async Task A_check_later_than_the_grace_re_plans_rather_than_sending_at_the_end_of_the_day()
    {
        var id = await PlanAsync(11, "lesson-1", Local(12, 1, 16, 45));
        _time.SetUtcNow(Local(12, 1, 16, 45) + new PacingOptions().SendTimeGrace + TimeSpan.FromSeconds(1));

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 1), (summary.Sent, summary.Deferred));
        Assert.Equal(Local(12, 2, 9), (await RowAsync(id)).DueAt);
    }

    [Fact]
    public async Task A_late_check_does_not_send_when_the_seller_paused_since_planning()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("UPDATE sellers SET paused_until = @until WHERE id = 12", new { until = Local(12, 20, 9) });
        var id = await PlanAsync(12, "lesson-1", Local(12, 1, 16, 45));
        _time.SetUtcNow(Local(12, 1, 16, 45).AddSeconds(20));

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 1), (summary.Sent, summary.Skipped));
        var row = await RowAsync(id);
        Assert.Equal("skipped", row.Status);
        Assert.Equal("test plan; planned for Tue 16:45 but skipped at send time: the seller paused lessons until Sun 09:00", row.Reason);
    }

    [Fact]
    public async Task A_permanent_slack_error_fails_the_delivery_and_a_transient_one_retries_later()
    {
        var sender = new RecordingSender
        {
            FailBeforePosting = d => new DeliveryFailedException(d.SellerId == 6 ? "account_inactive" : "service_unavailable", permanent: d.SellerId == 6),
        };
        var permanent = await PlanAsync(6, "lesson-1", Local(12, 1, 10));
        var transient = await PlanAsync(7, "lesson-1", Local(12, 1, 10));

        await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(("failed", "account_inactive"), ((await RowAsync(permanent)).Status, (await RowAsync(permanent)).LastError));
        var retry = await RowAsync(transient);
        Assert.Equal("planned", retry.Status);
        Assert.True(retry.DueAt > _time.GetUtcNow());
    }

    [Fact]
    public async Task A_card_slack_posted_although_it_answered_an_error_is_found_again_and_not_posted_twice()
    {
        var ambiguous = true;
        var sender = new RecordingSender
        {
            FailAfterPosting = _ => ambiguous ? new DeliveryFailedException("internal_error", permanent: false) : null,
        };
        var id = await PlanAsync(8, "lesson-1", Local(12, 1, 10));

        await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);
        Assert.Equal("planned", (await RowAsync(id)).Status);
        ambiguous = false;
        _time.Advance(TimeSpan.FromMinutes(5));
        await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, sender.Posts[id]);
        var row = await RowAsync(id);
        Assert.Equal(("sent", $"{id}.0001", null), (row.Status, row.SlackTs, row.LastError));
    }

    [Fact]
    public async Task A_delivery_for_a_cancelled_meeting_is_cancelled_not_sent()
    {
        long meeting;
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            meeting = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at, cancelled)
                VALUES (8, 'file', 'm', 'Acme', @start, @end, true) RETURNING id
                """, new { start = Local(12, 1, 15), end = Local(12, 1, 16) });
        }
        var id = await PlanAsync(8, "lesson-1", Local(12, 1, 10), trigger: "meeting", meetingId: meeting);
        var sender = new RecordingSender();

        await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal("cancelled", (await RowAsync(id)).Status);
        Assert.Empty(sender.Posts);
    }

    [Fact]
    public async Task A_lesson_checked_days_after_its_meeting_is_skipped_because_the_meeting_started_not_cancelled_as_removed()
    {
        long meeting;
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            meeting = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
                VALUES (13, 'file', 'renewal', 'Proseware renewal', @start, @end) RETURNING id
                """, new { start = Local(12, 1, 13), end = Local(12, 1, 14) });
        }
        var id = await PlanAsync(13, "lesson-1", Local(12, 1, 11), trigger: "meeting", meetingId: meeting);
        _time.SetUtcNow(Local(12, 3, 10));
        var sender = new RecordingSender();

        var summary = await DispatcherWith(sender).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 1), (summary.Sent, summary.Skipped));
        Assert.Empty(sender.Posts);
        var row = await RowAsync(id);
        Assert.Equal("skipped", row.Status);
        Assert.Equal("test plan; planned for Tue 11:00 but skipped at send time: the meeting started at Tue 13:00 before the lesson could be sent", row.Reason);
    }

    [Fact]
    public async Task A_lesson_skipped_again_at_send_time_replaces_its_earlier_skip_instead_of_failing()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                UPDATE sellers SET paused_until = @until WHERE id = 14;
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                VALUES (14, 'lesson', 'campaign', 'lesson-2', 1, 'skipped', @earlier, 'first skip');
                """, new { until = Local(12, 20, 9), earlier = Local(11, 30, 9) });
        }
        var id = await PlanAsync(14, "lesson-2", Local(12, 1, 10), trigger: "campaign");

        var summary = await DispatcherWith(new RecordingSender()).DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Skipped);
        await using var check = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var skips = (await check.QueryAsync<long>("SELECT id FROM deliveries WHERE seller_id = 14 AND status = 'skipped'")).ToList();
        Assert.Equal([id], skips);
        Assert.Contains("the seller paused lessons", (await RowAsync(id)).Reason, StringComparison.Ordinal);
    }
}
