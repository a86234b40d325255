using System.Net.Http;
using LearningBot.Slack.WebApi;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LearningBot.Tests.Slack;

public sealed class SlackHttpClientTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_slack_client_logs_no_addresses_even_at_information_and_caps_its_idle_and_pooled_connections()
    {
        await using var slack = await EmulatorHost.StartAsync();
        await using var bot = await BotHost.StartAsync(await server.CreateDatabaseAsync(),
            [.. slack.BotSettings, new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:System.Net.Http", "Information")],
            services => services.AddLogging(logging => logging.AddFakeLogging()));
        const string capability = "T0SANDBOX/B0000/secret-response-url-token";

        var client = bot.Services.GetRequiredService<IHttpClientFactory>().CreateClient(SlackApiClient.HttpClientName);
        using var response = await client.PostAsync(new Uri(slack.Server.Address, "hooks/" + capability), new StringContent("{}"), Cancel);

        var logs = bot.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.DoesNotContain(logs, r => (r.Message + string.Join(" ", r.StructuredState?.Select(s => s.Value) ?? [])).Contains(capability, StringComparison.Ordinal));
        var handler = bot.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(SlackApiClient.HttpClientName);
        while (handler is DelegatingHandler delegating)
            handler = delegating.InnerHandler!;
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.InRange(sockets.PooledConnectionIdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.NotEqual(int.MaxValue, sockets.MaxConnectionsPerServer);
        Assert.NotEqual(Timeout.InfiniteTimeSpan, sockets.PooledConnectionLifetime);
    }
}
