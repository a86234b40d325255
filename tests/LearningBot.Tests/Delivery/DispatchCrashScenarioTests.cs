using Dapper;
using LearningBot.Delivery;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Delivery;

/// <summary>
/// The bot process is killed after Slack accepted the card and before 'sent' reached the database, then a new instance
/// starts: the seller still has exactly one card. The fault sits at the database seam: the test holds the delivery's
/// row lock, so the dying process's status write waits on it while Slack already has the message.
/// </summary>
public sealed class DispatchCrashScenarioTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_process_killed_between_slacks_accept_and_the_status_write_leaves_the_seller_exactly_one_card_under_300_later_messages()
    {
        var seeded = await SeedLibraryDatabase.CreateAsync(server);
        var database = seeded.ConnectionString;
        await using var db = seeded.DataSource;
        await using var slack = await EmulatorHost.StartAsync();
        long deliveryId;
        await using (var connection = await db.OpenConnectionAsync(Cancel))
        {
            deliveryId = await connection.ExecuteScalarAsync<long>("""
                WITH seller AS (
                    INSERT INTO sellers (email, slack_user_id, time_zone, registered_via) VALUES (@Email, @Id, 'Europe/Berlin', 'roster') RETURNING id)
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT seller.id, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                FROM seller, lessons l WHERE l.id = 'northwind-what-partner-does'
                RETURNING id
                """, new { slack.Ann.Email, slack.Ann.Id });
        }
        // Slack takes three seconds to accept the post: time for the test to take the row lock after the claim.
        slack.Faults.Slow("chat.postMessage", TimeSpan.FromSeconds(3));

        var bot = await BotProcess.StartAsync(database, [.. slack.BotSettings, new("Content:SeedOnStart", "false")]);
        await using (bot)
        {
            await Eventually.TrueAsync(async () => await StatusAsync(db, deliveryId) == "sending", "the dispatcher claims the delivery");
            await using var blocker = await db.OpenConnectionAsync(Cancel);
            await using var transaction = await blocker.BeginTransactionAsync(Cancel);
            await blocker.ExecuteAsync("SELECT id FROM deliveries WHERE id = @deliveryId FOR UPDATE", new { deliveryId }, transaction);
            await Eventually.TrueAsync(() => Task.FromResult(CardsFor(slack, deliveryId) == 1), "Slack accepts the card");
            await Eventually.TrueAsync(async () => await StatusWriteWaitsAsync(db), "the status write waits on the row lock");

            await bot.KillAsync();
            // PostgreSQL notices a vanished client only when it next talks to it; the waiting write would go on alone.
            await blocker.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM ({WaitingStatusWrite}) w", transaction: transaction);
            await transaction.RollbackAsync(Cancel);
        }
        Assert.Equal("sending", await StatusAsync(db, deliveryId));
        // The seller's DM goes on meanwhile: the card is no longer among the latest messages when the lease runs out.
        var dm = slack.Workspace.DirectMessage(slack.Ann).Id;
        for (var i = 0; i < 300; i++)
            slack.Workspace.Post(dm, slack.Ann.Id, null, $"message {i} after the card");

        // The claim's lease runs out (two minutes in real life), and another instance starts.
        await using (var connection = await db.OpenConnectionAsync(Cancel))
            await connection.ExecuteAsync("UPDATE deliveries SET claimed_until = now() - interval '1 second' WHERE id = @deliveryId", new { deliveryId });
        await using var restarted = await BotHost.StartAsync(database, slack.BotSettings);
        await restarted.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);

        await Eventually.TrueAsync(async () => await StatusAsync(db, deliveryId) == "sent", "the new instance records the card it finds in Slack");
        var card = Assert.Single(slack.Workspace.Messages(slack.Workspace.DirectMessage(slack.Ann).Id), m => m.Metadata is not null);
        Assert.Equal(1, CardsFor(slack, deliveryId));
        Assert.Single(slack.Server.CallsTo("chat.postMessage"));
        await using (var connection = await db.OpenConnectionAsync(Cancel))
            Assert.Equal(card.Ts, await connection.ExecuteScalarAsync<string>("SELECT slack_ts FROM deliveries WHERE id = @deliveryId", new { deliveryId }));
    }

    private static int CardsFor(EmulatorHost slack, long deliveryId) =>
        slack.Workspace.Messages(slack.Workspace.DirectMessage(slack.Ann).Id)
            .Count(m => m.Metadata?["event_payload"]?["delivery_id"]?.GetValue<long>() == deliveryId);

    private static async Task<string> StatusAsync(NpgsqlDataSource db, long deliveryId)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM deliveries WHERE id = @deliveryId", new { deliveryId }) ?? "";
    }

    private static async Task<bool> StatusWriteWaitsAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<bool>($"SELECT EXISTS ({WaitingStatusWrite})");
    }

    private const string WaitingStatusWrite = """
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE deliveries%status = ''sent''%'
        """;
}
