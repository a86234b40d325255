using System.Text.Json.Nodes;
using Dapper;
using LearningBot.SlackEmulator;
using Npgsql;

namespace LearningBot.Tests.Support;

/// <summary>
/// What the end-to-end scenarios start from: the real bot with the seed library imported and indexed, on a fresh database,
/// the Slack emulator as the seller's workspace, and the few questions those scenarios ask of them.
/// </summary>
public sealed class SeededBot : IAsyncDisposable
{
    private SeededBot(EmulatorHost slack, BotHost bot, NpgsqlDataSource db)
    {
        Slack = slack;
        Bot = bot;
        Db = db;
    }

    public EmulatorHost Slack { get; }

    public BotHost Bot { get; }

    /// <summary>The bot's database, for looking at (and setting up) rows directly.</summary>
    public NpgsqlDataSource Db { get; }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<SeededBot> StartAsync(PostgresServer server, params KeyValuePair<string, string>[] settings)
    {
        var database = await server.CreateDatabaseAsync();
        var db = NpgsqlDataSource.Create(database);
        var slack = await EmulatorHost.StartAsync();
        var bot = await BotHost.StartAsync(database, [.. slack.BotSettings, new("Content:SeedOnStart", "true"), .. settings]);
        await Eventually.TrueAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM lesson_search") > 0, "the seeds are imported and indexed");
        return new SeededBot(slack, bot, db);
    }

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => Db.ScalarAsync<T>(sql, parameters);

    public Task<long> CountAsync(string sql, object? parameters = null) => Db.ScalarAsync<long>(sql, parameters);

    /// <summary>The ephemeral answer to <c>/learn {text}</c>, inline in the ack or (when slower than the budget) through response_url.</summary>
    public async Task<string> LearnAsync(EmulatedUser user, string text)
    {
        var before = Slack.Workspace.EphemeralMessages(user.Id).Count;
        var (delivery, _, _) = await Slack.UsersOf(Bot.Address).SlashCommandAsync(user, Slack.DealRoom, "/learn", text, Cancel);
        if (delivery.Body.Length > 0)
            return JsonNode.Parse(delivery.Body)!.ToJsonString();
        await Eventually.TrueAsync(() => Slack.Workspace.EphemeralMessages(user.Id).Count > before, $"/learn {text} is answered");
        var message = Slack.Workspace.EphemeralMessages(user.Id)[^1];
        return message.Text + (message.Blocks?.ToJsonString() ?? "");
    }

    /// <summary>Puts the user on the roster (in Berlin) and returns their seller id.</summary>
    public async Task<long> AddRosterSellerAsync(EmulatedUser user)
    {
        await using var connection = await Db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sellers (email, slack_user_id, time_zone, registered_via) VALUES (@Email, @Id, 'Europe/Berlin', 'roster') RETURNING id",
            new { user.Email, user.Id });
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
        await Db.DisposeAsync();
    }
}
