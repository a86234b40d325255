using Microsoft.Extensions.DependencyInjection.Extensions;
using LearningBot.Slack.Routing;
using LearningBot.Slack.SocketMode;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack;

/// <summary>The Slack layer's registration: the host calls <see cref="AddSlack"/> (and maps the endpoints with MapSlack).</summary>
public static class SlackFeature
{
    /// <summary>Slack closes idle keep-alive connections itself; holding ours longer only keeps sockets open for nothing.</summary>
    internal static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Connections are renewed now and then so a changed address behind slack.com is picked up.</summary>
    internal static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Enough for the inbox's and the dispatcher's parallel calls; more would only be queued by Slack's rate limits.</summary>
    internal const int MaxConnectionsPerServer = 32;

    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSlackTelemetry();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();

        // Retries after a 429 may wait up to a minute; each attempt has its own timeout inside the pipeline.
        services.AddHttpClient(SlackApiClient.HttpClientName, (provider, client) =>
            {
                client.BaseAddress = new Uri(provider.GetRequiredService<IOptionsMonitor<SlackOptions>>().CurrentValue.ApiBaseUrl);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
                PooledConnectionLifetime = PooledConnectionLifetime,
                MaxConnectionsPerServer = MaxConnectionsPerServer,
            })
            // The default request loggers write every address at Information, and response_url addresses are capabilities.
            .RemoveAllLoggers()
            .AddSlackResilience();
        services.AddSingleton<ISlackApi, SlackApiClient>();
        services.AddSingleton<SlackBotIdentity>();
        services.AddSingleton<SlackRouter>();
        return services;
    }

    /// <summary>
    /// The Socket Mode client (idle unless <c>Slack:AppToken</c> is set). Register it after the inbox so that at shutdown it stops
    /// first: its last envelopes are stored and acked while the inbox still runs.
    /// </summary>
    public static IServiceCollection AddSlackSocketMode(this IServiceCollection services)
    {
        services.AddOptions<SocketModeOptions>().BindConfiguration(SocketModeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SocketModeOptions>, SocketModeOptionsValidator>();
        services.TryAddSingleton<SocketModeStatus>();
        services.AddHostedService<SocketModeClient>();
        return services;
    }
}
