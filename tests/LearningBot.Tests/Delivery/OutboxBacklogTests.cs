using Dapper;
using LearningBot.Delivery;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Delivery;

/// <summary>The outbox backlog the gauges report: planned rows past their moment, and those long past it.</summary>
public sealed class OutboxBacklogTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Due_counts_planned_rows_past_their_moment_and_overdue_those_more_than_ten_minutes_past_it()
    {
        var (_, db) = await SeedLibraryDatabase.CreateAsync(server);
        await using var _ = db;
        var now = new DateTimeOffset(2027, 3, 8, 12, 0, 0, TimeSpan.Zero);
        await using var connection = await db.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync("""
            WITH seller AS (INSERT INTO sellers (email, time_zone, registered_via) VALUES ('kim@example.com', 'Europe/Berlin', 'roster') RETURNING id)
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
            SELECT seller.id, 'lesson', 'evergreen', l.id, l.current_version, d.status, @Now + d.offset_minutes * interval '1 minute', 'test'
            FROM seller,
                 (SELECT id, current_version, row_number() OVER (ORDER BY id) AS n FROM lessons) l
                 JOIN (VALUES (1, 'planned', -1), (2, 'planned', -20), (3, 'planned', 30), (4, 'skipped', -60)) AS d (n, status, offset_minutes)
                   ON d.n = l.n
            """, new { Now = now });

        var sample = await OutboxBacklog.SampleAsync(connection, now, TimeSpan.FromMinutes(10), Cancel);

        Assert.Equal(new OutboxBacklogSample(Due: 2, Overdue: 1), sample);
    }
}
