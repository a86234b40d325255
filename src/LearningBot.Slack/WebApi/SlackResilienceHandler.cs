using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack.WebApi;

/// <summary>Runs every request of its HttpClient through <see cref="SlackResilience"/> (https://docs.slack.dev/apis/web-api/rate-limits).</summary>
public sealed class SlackResilienceHandler(SlackResilience resilience) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        resilience.SendAsync(request, base.SendAsync, cancellationToken);
}

/// <summary>Registration: <c>services.AddHttpClient&lt;ISlackApi, SlackApiClient&gt;().AddSlackResilience();</c></summary>
public static class SlackResilienceRegistration
{
    /// <summary>Adds <see cref="SlackResilienceHandler"/> to this client, with options bound from <c>Slack:Resilience</c> and validated at start.</summary>
    public static IHttpClientBuilder AddSlackResilience(this IHttpClientBuilder builder)
    {
        var services = builder.Services;
        services.AddSlackTelemetry();
        services.AddOptions<SlackResilienceOptions>().BindConfiguration(SlackResilienceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackResilienceOptions>, SlackResilienceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SlackResilience(
            sp.GetRequiredService<IOptions<SlackResilienceOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SlackResilience>>(),
            sp.GetRequiredService<SlackTelemetry>()));
        builder.AddHttpMessageHandler(sp => new SlackResilienceHandler(sp.GetRequiredService<SlackResilience>()));
        return builder;
    }
}
