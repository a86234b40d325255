using System.Net;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace LearningBot.Tests.Slack;

public sealed class SocketModeStartTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task App_token_of_the_wrong_kind_stops_the_start_with_the_setting_named_and_the_value_hidden()
    {
        await using var slack = await EmulatorHost.StartAsync();
        const string wrong = "xoxb-pasted-the-bot-token-here";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await BotHost.StartAsync(await server.CreateDatabaseAsync(), [.. slack.SocketModeBotSettings, new("Slack:AppToken", wrong)]));

        Assert.Contains("Slack:AppToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.Empty(slack.Server.CallsTo("apps.connections.open"));
    }

    [Fact]
    public async Task App_token_that_Slack_refuses_turns_Socket_Mode_off_once_with_a_clear_log_line()
    {
        await using var slack = await EmulatorHost.StartAsync();
        const string revoked = "xapp-1-revoked-token";
        await using var bot = await BotHost.StartAsync(await server.CreateDatabaseAsync(), [.. slack.SocketModeBotSettings, new("Slack:AppToken", revoked)],
            services => services.AddLogging(logging => logging.AddFakeLogging()), waitUntilReady: false);
        var logs = bot.Services.GetRequiredService<FakeLogCollector>();

        await Eventually.TrueAsync(() => logs.GetSnapshot().Any(r => r.Level == LogLevel.Critical), "the refusal is logged");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);

        var call = Assert.Single(slack.Server.CallsTo("apps.connections.open"));
        Assert.Equal("invalid_auth", call.Error);
        Assert.Equal(0, slack.Server.SocketMode.Accepted);
        var refusal = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Critical);
        Assert.Contains("Slack:AppToken", refusal.Message, StringComparison.Ordinal);
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(revoked, r.Message + r.Exception, StringComparison.Ordinal));
        var ready = await bot.Http.GetAsync("/readyz", Cancel);
        var report = await ready.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("refused Slack:AppToken (invalid_auth)", report, StringComparison.Ordinal);
        Assert.DoesNotContain(revoked, report, StringComparison.Ordinal);
    }
}
