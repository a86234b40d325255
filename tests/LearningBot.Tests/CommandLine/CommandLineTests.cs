using LearningBot.Tests.Support;

namespace LearningBot.Tests.CommandLine;

public sealed class CommandLineTests(PostgresServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--help", "serve")]
    [InlineData("serve --help", "--urls")]
    [InlineData("migrate --help", "schema")]
    public async Task Every_verb_explains_itself_with_help(string arguments, string expected)
    {
        var (exitCode, output, _) = await BotProcess.RunAsync(arguments.Split(' '), Timeout);

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_database_gives_one_readable_error_line_and_a_non_zero_exit()
    {
        const string secret = "hunter2-not-logged";
        var (exitCode, output, error) = await BotProcess.RunAsync(
            ["migrate", $"--ConnectionStrings:LearningBot=Host=127.0.0.1;Port=1;Username=bot;Password={secret};Timeout=3"], Timeout);

        Assert.Equal(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("learningbot: error: cannot connect to PostgreSQL", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_connection_string_names_the_setting()
    {
        var (exitCode, _, error) = await BotProcess.RunAsync(["serve", "--ConnectionStrings:LearningBot=Hots=db;Nonsense"], Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings:LearningBot is not a valid PostgreSQL connection string", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_slack_setting_stops_the_start_with_a_message_that_names_it()
    {
        var database = await server.CreateDatabaseAsync();
        var (exitCode, output, error) = await BotProcess.RunAsync(
            ["serve", "--urls=http://127.0.0.1:0", $"--ConnectionStrings:LearningBot={database}", "--Slack:BotToken=not-a-bot-token",
             "--Slack:SigningSecret=0123456789abcdef0123"], Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("Slack:BotToken must be a bot token", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-bot-token", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_then_reports_it_up_to_date()
    {
        var database = await server.CreateEmptyDatabaseAsync();

        var first = await BotProcess.RunAsync(["migrate", $"--ConnectionStrings:LearningBot={database}"], Timeout);
        var second = await BotProcess.RunAsync(["migrate", $"--ConnectionStrings:LearningBot={database}"], Timeout);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }
}
