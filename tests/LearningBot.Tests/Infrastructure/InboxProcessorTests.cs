using Dapper;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxProcessorTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transient_failure_is_retried_and_then_handled()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(database, slack.BotSettings);
        slack.Faults.ServerError("chat.postMessage", 503);

        var (mention, _) = await slack.UsersOf(bot.Address).MentionAsync(slack.Ann, slack.DealRoom, "hello", cancellationToken: Cancel);

        await Eventually.TrueAsync(() => slack.Workspace.Replies(slack.DealRoom.Id, mention.Ts).Count == 1, "the retry answers");
        await Eventually.TrueAsync(async () => (await RowAsync(database)).Status == "done", "the row is done");
        Assert.Equal(2, (await RowAsync(database)).Attempts);
        Assert.Equal(2, slack.Server.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task Permanent_slack_error_fails_the_row_with_the_reason_and_is_not_retried()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(database, slack.BotSettings);
        slack.Faults.Error("chat.postMessage", "account_inactive");

        await slack.UsersOf(bot.Address).MentionAsync(slack.Ann, slack.DealRoom, "hello", cancellationToken: Cancel);

        await Eventually.TrueAsync(async () => (await RowAsync(database)).Status == "failed", "the row fails");
        var row = await RowAsync(database);
        Assert.Equal(("chat.postMessage: account_inactive", 1), (row.Error, row.Attempts));
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        Assert.Single(slack.Server.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task Two_instances_on_one_database_answer_each_mention_exactly_once()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        await using var first = await BotHost.StartAsync(database, slack.BotSettings);
        await using var second = await BotHost.StartAsync(database, slack.BotSettings);
        BotHost[] bots = [first, second];

        var sent = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            slack.UsersOf(bots[i % 2].Address).MentionAsync(slack.Ann, slack.DealRoom, $"q{i}", cancellationToken: Cancel)));

        await Eventually.TrueAsync(() => sent.All(s => slack.Workspace.Replies(slack.DealRoom.Id, s.Message.Ts).Count > 0), "all are answered");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.All(sent, s => Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, s.Message.Ts)));
    }

    private sealed record Row(string Status, int Attempts, string? Error);

    private static async Task<Row> RowAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.QuerySingleAsync<Row>("SELECT status, attempts, error FROM inbox ORDER BY id LIMIT 1");
    }
}
