using Dapper;
using LearningBot.Content;
using LearningBot.Sandbox;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Content;

/// <summary>The fictional library and demo sellers belong to the sandbox: a bot connected to Slack imports nothing unless asked.</summary>
public sealed class SeedOnStartDefaultTests(PostgresServer server)
{
    [Fact]
    public async Task A_bot_with_Slack_credentials_leaves_an_empty_database_empty()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();

        // The bot runs from the build output inside the repository, so the nearest seeds/ is there to be found.
        await using (await BotProcess.StartAsync(database, slack.BotSettings))
        {
            await using var connection = new NpgsqlConnection(database);
            Assert.Equal((0, 0, 0), (
                await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons"),
                await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM partners"),
                await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sellers")));
        }
    }

    [Fact]
    public async Task A_bot_with_Slack_credentials_imports_the_seeds_when_Content_SeedOnStart_is_true()
    {
        await using var slack = await EmulatorHost.StartAsync();
        var database = await server.CreateDatabaseAsync();

        await using (await BotProcess.StartAsync(database, [.. slack.BotSettings, new("Content:SeedOnStart", "true")]))
        {
            await using var connection = new NpgsqlConnection(database);
            Assert.Equal(14, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons"));
        }
    }

    [Theory]
    [InlineData(null, "true")]
    [InlineData("false", "false")]
    public void Sandbox_mode_turns_seeding_on_unless_it_is_set(string? setting, string expected)
    {
        string[] args = setting is null ? ["--urls=http://127.0.0.1:0"] : ["--urls=http://127.0.0.1:0", $"--Content:SeedOnStart={setting}"];
        var builder = BotApplication.CreateBuilder(args);

        Assert.NotNull(SandboxMode.Configure(builder));
        Assert.Equal(expected, builder.Configuration["Content:SeedOnStart"]);
    }

    [Fact]
    public void Seeding_is_off_when_nothing_asks_for_it()
    {
        Assert.False(new ContentOptions().SeedOnStart);
    }
}
