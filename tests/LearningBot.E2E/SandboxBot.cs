using LearningBot.Tests.Support;

namespace LearningBot.E2E;

/// <summary>
/// The bot run as `serve` with no Slack credentials (so in sandbox mode) against its own database, with the seed library and demo
/// data, and the sandbox clock started on the Thursday before the demo calendars' first week so the demo is the same on any date.
/// </summary>
public sealed class SandboxBot(PostgresServer server) : IAsyncLifetime
{
    public static readonly DateTimeOffset StartAt = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private BotProcess? _bot;

    public Uri Address => _bot?.Address ?? throw new InvalidOperationException("The bot has not started.");

    public Uri PageFor(string slackUserId) => new(Address, $"/sandbox?as={slackUserId}");

    public string Output => _bot?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        var database = await server.CreateEmptyDatabaseAsync();
        _bot = await BotProcess.StartAsync(database, [new("Sandbox:StartAt", StartAt.ToString("O"))]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bot is null)
            return;
        await _bot.DisposeAsync();
        Directory.CreateDirectory(SandboxBrowser.ScreenshotDirectory);
        await File.WriteAllTextAsync(Path.Combine(SandboxBrowser.ScreenshotDirectory, "bot-output.log"), _bot.Output);
    }
}
