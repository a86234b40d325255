using System.Net;
using Dapper;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxCrashTests(PostgresServer server)
{
    [Fact]
    public async Task Twenty_acked_mentions_followed_at_once_by_kill_9_are_each_answered_exactly_once_after_restart()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        // Replies take a second each, so the bot dies with replies in flight and rows still waiting.
        slack.Faults.Slow("chat.postMessage", TimeSpan.FromSeconds(1), times: 20);
        IEnumerable<KeyValuePair<string, string>> settings =
            [.. slack.BotSettings, new("Inbox:Lease", "00:00:03"), new("Inbox:PollInterval", "00:00:00.200")];

        var mentions = new List<string>();
        await using (var first = await BotProcess.StartAsync(database, settings))
        {
            var users = slack.UsersOf(first.Address!);
            var sent = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
                users.MentionAsync(slack.Ann, slack.DealRoom, $"question {i}", cancellationToken: TestContext.Current.CancellationToken)));
            Assert.All(sent, s => Assert.Equal([HttpStatusCode.OK], s.Post.Attempts));
            await first.KillAsync();
            mentions.AddRange(sent.Select(s => s.Message.Ts));
        }
        var answeredBeforeRestart = mentions.Count(ts => slack.Workspace.Replies(slack.DealRoom.Id, ts).Count > 0);

        await using var second = await BotProcess.StartAsync(database, settings);
        await Eventually.TrueAsync(() => mentions.All(ts => slack.Workspace.Replies(slack.DealRoom.Id, ts).Count > 0),
            "every mention has a reply", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await PendingRowsAsync(database) == 0, "the inbox is worked off", TimeSpan.FromSeconds(30));

        Assert.True(answeredBeforeRestart < mentions.Count, "the kill came before every mention was answered");
        Assert.All(mentions, ts => Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, ts)));
    }

    [Fact]
    public async Task After_kill_9_a_new_instance_takes_over_the_killed_ones_claimed_rows_at_once_instead_of_after_their_lease()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        slack.Faults.Slow("chat.postMessage", TimeSpan.FromSeconds(1), times: 20);
        // A lease far longer than the test may take: only knowing the owner is gone can free these rows in time.
        IEnumerable<KeyValuePair<string, string>> settings = [.. slack.BotSettings, new("Inbox:Lease", "00:05:00")];

        var mentions = new List<string>();
        long claimedByTheKilled;
        await using (var first = await BotProcess.StartAsync(database, settings))
        {
            var users = slack.UsersOf(first.Address!);
            var sent = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
                users.MentionAsync(slack.Ann, slack.DealRoom, $"question {i}", cancellationToken: TestContext.Current.CancellationToken)));
            Assert.All(sent, s => Assert.Equal([HttpStatusCode.OK], s.Post.Attempts));
            await Eventually.TrueAsync(async () => await ClaimedRowsAsync(database) > 0, "the first instance has claimed rows");
            await first.KillAsync();
            claimedByTheKilled = await ClaimedRowsAsync(database);
            mentions.AddRange(sent.Select(s => s.Message.Ts));
        }

        await using var second = await BotProcess.StartAsync(database, settings);
        await Eventually.TrueAsync(() => mentions.All(ts => slack.Workspace.Replies(slack.DealRoom.Id, ts).Count > 0),
            "every mention has a reply well before the lease ends", TimeSpan.FromSeconds(45));
        await Eventually.TrueAsync(async () => await PendingRowsAsync(database) == 0, "the inbox is worked off", TimeSpan.FromSeconds(15));

        Assert.True(claimedByTheKilled > 0, "the kill left claimed rows behind");
        Assert.All(mentions, ts => Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, ts)));
    }

    private static async Task<long> ClaimedRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox WHERE status = 'processing'");
    }

    private static async Task<long> PendingRowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox WHERE status <> 'done'");
    }
}
