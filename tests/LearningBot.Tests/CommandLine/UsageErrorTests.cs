using System.Net;
using System.Net.Sockets;
using LearningBot.CommandLine;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.CommandLine;

/// <summary>Only --Key=value and --key value are configuration; any other word is a mistake that starts nothing.</summary>
public sealed class UsageErrorTests(PostgresServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_mistyped_verb_is_a_usage_error_with_a_suggestion_and_the_verbs_and_starts_nothing()
    {
        var (exitCode, output, error) = await BotProcess.RunAsync(["imprt", "seeds"], Timeout);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("learningbot: error: unknown command 'imprt'; did you mean 'import'?", error, StringComparison.Ordinal);
        Assert.Contains("serve, migrate, lint, import, sellers, meetings, opportunities, simulate", error, StringComparison.Ordinal);
        Assert.Equal("", output); // no database provisioned, no server started
    }

    [Theory]
    [InlineData("lint seeds extra", "unexpected argument 'extra' for 'lint'")]
    [InlineData("inbox retry extra", "unexpected argument 'extra' for 'retry'; see 'learningbot inbox retry --help'")]
    [InlineData("sellers imprt roster.csv", "unknown command 'sellers imprt'; did you mean 'sellers import'?")]
    [InlineData("hello", "unknown command 'hello'\n")]
    [InlineData("serve --verbose", "option '--verbose' is not known and is not a setting")]
    public async Task A_stray_word_or_option_anywhere_is_a_usage_error_with_exit_status_2(string arguments, string expected)
    {
        var (exitCode, output, error) = await BotProcess.RunAsync(arguments.Split(' '), Timeout);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:3001", "--Slack:BotToken=xoxb-1" }, null)]
    [InlineData(new[] { "--Content:MaxMinutes", "5" }, null)]
    [InlineData(new[] { "--urls=http://x", "imprt" }, "imprt")]
    [InlineData(new[] { "--urls" }, "--urls")]
    [InlineData(new[] { "Slack:BotToken=xoxb-1" }, "Slack:BotToken=xoxb-1")]
    [InlineData(new[] { "-v" }, "-v")]
    public void Configuration_is_read_the_way_ASP_NET_Core_reads_it_and_anything_else_is_stray(string[] tokens, string? stray)
    {
        Assert.Equal(stray, UsageErrors.StrayWord(tokens));
    }

    [Theory]
    [InlineData("imprt", "import")]
    [InlineData("improt", "import")]
    [InlineData("serv", "serve")]
    [InlineData("opp", "opportunities")]
    [InlineData("xyzzy", null)]
    public void The_suggestion_is_the_verb_a_typo_away(string typed, string? suggested)
    {
        Assert.Equal(suggested, UsageErrors.Closest(typed, ["serve", "migrate", "lint", "import", "sellers", "meetings", "opportunities", "simulate"]));
    }

    [Fact]
    public async Task Serve_on_a_port_that_is_taken_says_so_in_one_line_without_a_stack_trace()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var database = await server.CreateDatabaseAsync();

        var (exitCode, output, error) = await BotProcess.RunAsync(
            ["serve", $"--urls=http://127.0.0.1:{port}", $"--ConnectionStrings:LearningBot={database}"], TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"learningbot: error: cannot listen on http://127.0.0.1:{port}: another program already uses that port", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }
}
