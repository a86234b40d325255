using System.Net;
using System.Text.Json;
using Dapper;
using LearningBot.CommandLine;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

/// <summary>An acked request outlives a Slack outage; only a permanent error fails it, and a failed row can be re-driven.</summary>
public sealed class InboxSlackOutageTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Each bot attempt is one call (the resilience retries would wait on the fake clock), and rows that come due on the fake
    /// clock are looked for often in real time.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> Settings(EmulatorHost slack) =>
        [.. slack.BotSettings, new("Slack:Resilience:MaxRetryAttempts", "0"), new("Inbox:PollInterval", "00:00:00.050")];

    [Fact]
    public async Task Every_mention_acked_during_a_two_minute_slack_outage_is_answered_once_when_slack_is_back()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow()); // the requests' signatures are checked against it
        await using var slack = await EmulatorHost.StartAsync(time);
        var database = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(database, Settings(slack), services => services.AddSingleton<TimeProvider>(time));
        var back = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        slack.Faults.Down(() => time.GetUtcNow() < back);

        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            slack.UsersOf(bot.Address).MentionAsync(slack.Ann, slack.DealRoom, $"question {i}", cancellationToken: Cancel)));
        bool Answered() => sent.All(s => slack.Workspace.Replies(slack.DealRoom.Id, s.Message.Ts).Count > 0);

        // Small steps: a row claimed just before a step still has its whole handling budget after it.
        while (time.GetUtcNow() < back + TimeSpan.FromMinutes(10) && !Answered())
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(60, Cancel);
        }

        Assert.True(Answered(), $"not all answered; rows: {string.Join(", ", await RowsAsync(database))}");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.All(sent, s => Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, s.Message.Ts)));
        Assert.All(await RowsAsync(database), row =>
        {
            Assert.Equal(("done", 1), (row.Status, row.Attempts - row.UncountedAttempts));
            Assert.True(row.Attempts > 5, $"tried {row.Attempts} times in two minutes, more than Inbox:MaxAttempts, none counted");
        });
    }

    [Fact]
    public async Task A_permanent_error_fails_the_row_at_once_the_outage_tries_before_it_do_not_count_and_readyz_is_degraded()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(database, [.. Settings(slack), new("Inbox:MaxTransientBackoff", "00:00:01")]);
        Assert.Equal(("Healthy", "0 failed rows"), await InboxCheckAsync(bot));
        slack.Faults.ServerError("chat.postMessage", 503, times: 5).Error("chat.postMessage", "channel_not_found");

        await slack.UsersOf(bot.Address).MentionAsync(slack.Ann, slack.DealRoom, "hello", cancellationToken: Cancel);

        await Eventually.TrueAsync(async () => (await RowsAsync(database)).Single().Status == "failed", "the row fails", TimeSpan.FromSeconds(30));
        var row = (await RowsAsync(database)).Single();
        Assert.Equal("chat.postMessage: channel_not_found", row.Error);
        // The five 503s, and the tries turned away while they held the circuit open, did not count.
        Assert.Equal(1, row.Attempts - row.UncountedAttempts);
        Assert.True(row.Attempts >= 6, $"tried {row.Attempts} times");
        Assert.Equal(("Degraded", "1 failed rows; 'learningbot inbox retry' puts them back"), await InboxCheckAsync(bot));
    }

    [Fact]
    public async Task Inbox_retry_puts_a_failed_row_back_and_the_bot_answers_it()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(database, slack.BotSettings);
        slack.Faults.Error("chat.postMessage", "account_inactive");
        var (mention, _) = await slack.UsersOf(bot.Address).MentionAsync(slack.Ann, slack.DealRoom, "hello", cancellationToken: Cancel);
        await Eventually.TrueAsync(async () => (await RowsAsync(database)).Single().Status == "failed", "the row fails");
        var id = (await RowsAsync(database)).Single().Id;
        string[] settings = [$"--ConnectionStrings:LearningBot={database}", "--Logging:LogLevel:Default=Warning"];

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, await InboxCommand.RunAsync("seven", settings, output, error, Cancel));
        Assert.Contains("--id 'seven' is not a row id", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("failed", (await RowsAsync(database)).Single().Status);
        Assert.Equal(0, await InboxCommand.RunAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), settings, output, error, Cancel));
        Assert.Equal("Put 1 failed row back to pending.", output.ToString().Trim());

        await Eventually.TrueAsync(() => slack.Workspace.Replies(slack.DealRoom.Id, mention.Ts).Count == 1, "the re-driven row is answered");
        await Eventually.TrueAsync(async () => (await RowsAsync(database)).Single().Status == "done", "the row is done");
        Assert.Equal(("Healthy", "0 failed rows"), await InboxCheckAsync(bot));
        using var again = new StringWriter();
        Assert.Equal(0, await InboxCommand.RunAsync(null, settings, again, error, Cancel));
        Assert.Equal("Put 0 failed rows back to pending.", again.ToString().Trim());
        Assert.Single(slack.Workspace.Replies(slack.DealRoom.Id, mention.Ts));
    }

    private static async Task<(string Status, string Description)> InboxCheckAsync(BotHost bot)
    {
        var response = await bot.Http.GetAsync("/readyz", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var inbox = report.RootElement.GetProperty("checks").GetProperty("inbox");
        return (inbox.GetProperty("status").GetString()!, inbox.GetProperty("description").GetString()!);
    }

    private sealed record Row(long Id, string Status, int Attempts, int UncountedAttempts, string? Error);

    private static async Task<IReadOnlyList<Row>> RowsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        var rows = await connection.QueryAsync<Row>("SELECT id, status, attempts, uncounted_attempts, error FROM inbox ORDER BY id");
        return [.. rows];
    }
}
