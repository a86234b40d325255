using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LearningBot.Infrastructure.Hosting;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Sandbox;

/// <summary>
/// The sandbox's Web API driven by Slack's own Node SDK (@slack/web-api, pinned in official-client/package-lock.json) with the
/// token set in Sandbox:BotToken: what a developer does when pointing an official client at /sandbox/api/.
/// </summary>
public sealed class OfficialSlackClientTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Token = "xoxb-sandbox-test-0001";

    private BotHost? _sandbox;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _sandbox = await BotHost.StartAsync(database.ConnectionString, [new("Sandbox:BotToken", Token)], sandbox: true);

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Slacks_own_Node_client_gets_Slacks_answers_from_the_sandbox_with_the_configured_token()
    {
        var apiUrl = new Uri(_sandbox!.Address, "/sandbox/api/").ToString();
        var result = await RunAsync("drive-sandbox.mjs", apiUrl, Token);

        Assert.Equal(("U0BOT0001", "T0SANDBOX"), ((string?)result["auth"]!["userId"], (string?)result["auth"]!["teamId"]));
        Assert.True((int)result["users"]!["count"]! > 2, "users.list pages of two were followed to the end: " + result["users"]);
        Assert.Equal((int)result["users"]!["count"]!, result["users"]!["ids"]!.AsArray().Select(i => (string?)i).Distinct().Count());
        Assert.Equal((string?)result["open"]!["channel"], (string?)result["post"]!["channel"]);
        Assert.Equal("hello from @slack/web-api", (string?)result["post"]!["text"]);
        Assert.Equal(((string?)result["post"]!["ts"], "edited by @slack/web-api"), ((string?)result["update"]!["ts"], (string?)result["update"]!["text"]));
        Assert.Equal(["edited by @slack/web-api"], result["history"]!["texts"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(("slack_webapi_platform_error", "channel_not_found"), ((string?)result["unknownChannel"]!["code"], (string?)result["unknownChannel"]!["error"]));
        Assert.Equal("invalid_auth", (string?)result["wrongToken"]!["error"]);
    }

    [Fact]
    public async Task The_sandbox_page_shows_the_Web_APIs_address_and_bot_token()
    {
        var state = await _sandbox!.Http.GetFromJsonAsync<JsonObject>("/sandbox/state", Cancel);

        Assert.Equal(Token, (string?)state!["api"]!["token"]);
        Assert.Equal(new Uri(_sandbox.Address, "/sandbox/api/").ToString(), (string?)state["api"]!["url"]);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("xoxp-1234")]
    [InlineData("xoxb-_under")]
    [InlineData("xoxb-has spaces")]
    public async Task A_sandbox_bot_token_that_is_not_a_bot_token_stops_the_start_with_a_clear_message(string token)
    {
        var failure = await Assert.ThrowsAsync<StartupException>(() =>
            BotHost.StartAsync(database.ConnectionString, [new("Sandbox:BotToken", token)], sandbox: true));

        Assert.Contains("Sandbox:BotToken must look like a Slack bot token", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs a script of official-client/ with node, installing its pinned packages first if they are not there yet.</summary>
    private static async Task<JsonObject> RunAsync(string script, params string[] arguments)
    {
        var folder = ClientFolder();
        var node = Executable("node")
            ?? throw new InvalidOperationException("Node.js is not installed, and this test needs it to run Slack's own client: install nodejs and npm (apt-get install -y nodejs npm; .ci/run does this).");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@slack", "web-api")))
        {
            var npm = Executable("npm") ?? throw new InvalidOperationException("npm is not installed: install it (apt-get install -y npm), then run 'npm ci' in " + folder + ".");
            var (installed, output) = await RunProcessAsync(npm, folder, ["ci", "--no-audit", "--no-fund"]);
            Assert.True(installed == 0, $"npm ci in {folder} failed:\n{output}");
        }
        var (exit, stdout) = await RunProcessAsync(node, folder, [script, .. arguments]);
        Assert.True(exit == 0, $"node {script} failed with exit code {exit}:\n{stdout}");
        var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        return JsonNode.Parse(json ?? throw new InvalidOperationException("node printed no JSON:\n" + stdout))!.AsObject();
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string file, string directory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(Cancel);
        var stderr = process.StandardError.ReadToEndAsync(Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? Executable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static string ClientFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningBot.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "tests", "LearningBot.Tests", "Sandbox", "official-client");
    }
}
