using System.Diagnostics;
using System.Net;
using Dapper;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Delivery;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

/// <summary>
/// Three bot processes on one database under mixed work (mentions to all three, lessons due for twelve sellers); one is
/// killed with SIGKILL in the middle. Nothing acked is lost and nothing reaches a seller twice.
/// </summary>
public sealed class ScaleOutTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Sellers = 12;
    private const int MentionsPerInstance = 15;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_instances_with_one_killed_mid_run_answer_every_mention_once_and_send_every_lesson_once()
    {
        var seeded = await SeedLibraryDatabase.CreateAsync(server);
        await using var db = seeded.DataSource;
        await using var slack = await EmulatorHost.StartAsync();
        var sellers = Enumerable.Range(1, Sellers).Select(i => slack.Workspace.AddUser($"seller{i}", $"seller{i}@example.com")).ToList();
        await using (var connection = await db.OpenConnectionAsync(Cancel))
        {
            foreach (var (user, index) in sellers.Select((u, i) => (u, i)))
            {
                await connection.ExecuteAsync("""
                    WITH seller AS (
                        INSERT INTO sellers (email, slack_user_id, time_zone, registered_via) VALUES (@Email, @Id, 'Europe/Berlin', 'roster') RETURNING id)
                    INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                    SELECT seller.id, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                    FROM seller, (SELECT id, current_version FROM lessons ORDER BY id OFFSET @Index % 5 LIMIT 1) l
                    """, new { user.Email, user.Id, Index = index });
            }
        }
        // Slack is a little slow, so the kill lands with posts in flight and rows still claimed.
        slack.Faults.Slow("chat.postMessage", TimeSpan.FromMilliseconds(300), times: 60);
        IEnumerable<KeyValuePair<string, string>> settings =
        [
            .. slack.BotSettings, new("Content:SeedOnStart", "false"), new("Inbox:PollInterval", "00:00:00.200"),
            new("Delivery:DispatchInterval", "00:00:01"), new("Delivery:Lease", "00:00:10"),
        ];

        var clock = Stopwatch.StartNew();
        var bots = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BotProcess.StartAsync(seeded.ConnectionString, settings)));
        var mentions = new List<string>();
        try
        {
            var sent = await Task.WhenAll(bots.SelectMany(bot => Enumerable.Range(1, MentionsPerInstance).Select(i =>
                slack.UsersOf(bot.Address!).MentionAsync(slack.Ann, slack.DealRoom, $"question {i} to {bot.Id}", cancellationToken: Cancel))));
            Assert.All(sent, s => Assert.Equal([HttpStatusCode.OK], s.Post.Attempts));
            mentions.AddRange(sent.Select(s => s.Message.Ts));
            await bots[0].KillAsync();
            var killedAt = clock.Elapsed;

            await Eventually.TrueAsync(() => mentions.All(ts => slack.Workspace.Replies(slack.DealRoom.Id, ts).Count > 0),
                "every mention has a reply", TimeSpan.FromSeconds(90));
            var answeredAt = clock.Elapsed;
            await Eventually.TrueAsync(async () => await CountAsync(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'") == Sellers,
                "every lesson is sent", TimeSpan.FromSeconds(90));
            var sentAt = clock.Elapsed;

            Assert.All(mentions, ts => Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, ts)));
            Assert.All(sellers, user => Assert.Single(slack.Workspace.Messages(slack.Workspace.DirectMessage(user).Id), m => m.Metadata is not null));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM inbox WHERE status <> 'done'"));
            // Each instance took part in the clustered scheduler; the survivors still run it.
            Assert.True(await CountAsync(db, "SELECT count(*) FROM qrtz_scheduler_state") >= 2);
            output.WriteLine($"3 instances, {mentions.Count} mentions and {Sellers} lessons; instance killed at {killedAt.TotalSeconds:0.0} s; "
                + $"every mention answered once by {answeredAt.TotalSeconds:0.0} s, every lesson sent once by {sentAt.TotalSeconds:0.0} s; "
                + $"chat.postMessage calls: {slack.Server.CallsTo("chat.postMessage").Count}");
        }
        finally
        {
            foreach (var bot in bots)
                await bot.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
