using System.Diagnostics;
using Dapper;
using LearningBot.Delivery;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Delivery;

/// <summary>
/// Two bot instances share one database and one Slack that rate-limits every tenth chat.postMessage: 1,000 planned
/// lessons reach 200 sellers, each exactly once. The rows are planned directly (trigger "user", which the pacing
/// re-check leaves alone) because the point is the dispatcher's exactly-once delivery, not the pacing caps.
/// </summary>
public sealed class DispatchScaleTests(PostgresServer server)
{
    private const int Sellers = 200, LessonsEach = 5;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_deliver_a_thousand_lessons_to_two_hundred_sellers_exactly_once_through_429s()
    {
        var seeded = await SeedLibraryDatabase.CreateAsync(server);
        var database = seeded.ConnectionString;
        await using var db = seeded.DataSource;
        await using var slack = await EmulatorHost.StartAsync();
        var users = Enumerable.Range(1, Sellers).Select(n => slack.Workspace.AddUser($"seller{n}", $"seller{n}@example.com")).ToList();
        await using (var connection = await db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO sellers (email, slack_user_id, time_zone, registered_via)
                SELECT email, id, 'Europe/Berlin', 'roster' FROM unnest(@emails, @ids) AS u(email, id);
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT s.id, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'load test'
                FROM sellers s
                CROSS JOIN (SELECT id, current_version FROM lessons WHERE partner_id IS NOT NULL ORDER BY id LIMIT @LessonsEach) l;
                """, new { emails = users.Select(u => u.Email).ToArray(), ids = users.Select(u => u.Id).ToArray(), LessonsEach });
        }
        slack.Faults.RateLimitEvery("chat.postMessage", 10, TimeSpan.Zero);
        (string, string)[] settings = [.. slack.BotSettings.Select(s => (s.Key, s.Value)), ("Slack:Resilience:BaseDelay", "00:00:00.050")];
        await using var first = await BotHost.StartAsync(database, settings.Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2)));
        await using var second = await BotHost.StartAsync(database, settings.Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2)));

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            first.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel),
            second.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel));
        await Eventually.TrueAsync(async () => await CountAsync(db, "SELECT count(*) FROM deliveries WHERE reason = 'load test' AND status <> 'sent'") == 0,
            "every delivery is sent", TimeSpan.FromSeconds(60));
        clock.Stop();

        var cards = users.SelectMany(u => slack.Workspace.Messages(slack.Workspace.DirectMessage(u).Id))
            .Where(m => m.Metadata is not null)
            .Select(m => (m.Channel, Id: m.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>()))
            .ToList();
        var posts = slack.Server.CallsTo("chat.postMessage");
        Assert.Equal(Sellers * LessonsEach, cards.Count);
        Assert.Equal(Sellers * LessonsEach, cards.Select(c => c.Id).Distinct().Count());
        Assert.All(cards.GroupBy(c => c.Channel), dm => Assert.Equal(LessonsEach, dm.Count()));
        Assert.Equal(Sellers * LessonsEach, await CountAsync(db, "SELECT count(DISTINCT slack_ts) FROM deliveries WHERE reason = 'load test' AND status = 'sent'"));
        Assert.InRange(posts.Count(p => p.Status == 429), Sellers * LessonsEach / 10, posts.Count / 10);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        TestContext.Current.SendDiagnosticMessage($"1,000 lessons to 200 sellers with two instances and 10% 429s: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
