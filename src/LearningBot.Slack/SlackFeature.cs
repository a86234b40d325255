using LearningBot.Slack.Routing;
using LearningBot.Slack.SocketMode;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack;

/// <summary>The Slack layer's registration: the host calls <see cref="AddSlack"/> (and maps the endpoints with MapSlack).</summary>
public static class SlackFeature
{
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();

        // Retries after a 429 may wait up to a minute; each attempt has its own timeout inside the pipeline.
        services.AddHttpClient(SlackApiClient.HttpClientName, (provider, client) =>
            {
                client.BaseAddress = new Uri(provider.GetRequiredService<IOptionsMonitor<SlackOptions>>().CurrentValue.ApiBaseUrl);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
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
        services.AddOptions<SocketModeOptions>().BindConfiguration(SocketModeOptions.Section);
        services.AddSingleton<SocketModeStatus>();
        services.AddHostedService<SocketModeClient>();
        return services;
    }
}
