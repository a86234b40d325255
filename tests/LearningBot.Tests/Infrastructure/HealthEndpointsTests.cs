using System.Text.Json.Nodes;
using System.Net;
using Dapper;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class HealthEndpointsTests(PostgresServer server)
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_once_the_bot_is_up()
    {
        await using var bot = await BotHost.StartAsync(await server.CreateDatabaseAsync());

        var alive = await bot.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var ready = await bot.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, alive);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, ready);
        var socketMode = JsonNode.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["checks"]!["socket-mode"]!;
        Assert.Equal("Healthy", socketMode["status"]!.GetValue<string>());
        Assert.StartsWith("not used", socketMode["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_schema_is_behind_while_healthz_stays_200()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");

        var ready = await bot.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var alive = await bot.Http.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Readyz_stays_200_when_a_newer_build_has_migrated_the_schema_further_during_a_rolling_upgrade()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var bot = await BotHost.StartAsync(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, checksum, applied_at) SELECT max(version) + 1, 'from a newer build', 'x', now() FROM schema_migrations");

        var ready = await bot.Http.GetAsync("/readyz", TestContext.Current.CancellationToken);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, ready);
        var database = JsonNode.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["checks"]!["database"]!;
        Assert.Contains("newer than this build's", database["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_both_come_up_and_migrate_once()
    {
        var connectionString = await server.CreateEmptyDatabaseAsync();

        var bots = await Task.WhenAll(BotHost.StartAsync(connectionString), BotHost.StartAsync(connectionString));
        try
        {
            foreach (var bot in bots)
                await HttpAssert.StatusAsync(HttpStatusCode.OK, await bot.Http.GetAsync("/readyz", TestContext.Current.CancellationToken));
            await using var connection = new NpgsqlConnection(connectionString);
            var journal = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            Assert.Equal(Enumerable.Range(1, journal.Count), journal);
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM qrtz_scheduler_state"));
        }
        finally
        {
            foreach (var bot in bots)
                await bot.DisposeAsync();
        }
    }
}
