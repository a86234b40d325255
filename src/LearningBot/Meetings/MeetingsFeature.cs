using LearningBot.Infrastructure.Telemetry;
using LearningBot.Infrastructure.Scheduling;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Meetings;

/// <summary>Meetings and opportunities in, partners matched: the host calls <see cref="AddMeetings"/> and <see cref="MapMeetings"/>.</summary>
internal static class MeetingsFeature
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddBotMetrics();
        services.AddSingleton<OpportunityStore>();
        services.AddSingleton<OpportunityImporter>();
        services.AddSingleton<WebhookItemVersions>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<MeetingChangeNotifier>();
        services.AddSingleton<MeetingBatchWriter>();
        services.AddSingleton<MeetingFileImporter>();
        services.AddHostedService<DemoDataOnStart>();

        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddQuartz(quartz =>
            quartz.AddRecurringJob<CalendarFeedJob>(CalendarFeedJob.Key, "poll-calendar-feeds-every-15-minutes", CalendarFeedJob.Interval));
        services.AddOptions<CalendarFeedOptions>().BindConfiguration(CalendarFeedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CalendarFeedOptions>, CalendarFeedOptionsValidator>();
        // The factory's default loggers write every request URI, and a feed's URI is the seller's secret.
        services.AddHttpClient(CalendarFeedClient.HttpClientName, http => http.DefaultRequestHeaders.UserAgent.ParseAdd("LearningBot-CalendarFeeds/1.0"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
            .RemoveAllLoggers();
        services.AddSingleton<CalendarFeedClient>();
        services.AddSingleton<CalendarFeedPoller>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MeetingWebhook.Path, MeetingWebhook.HandleAsync);
        endpoints.MapPost(OpportunityWebhook.Path, OpportunityWebhook.HandleAsync);
        return endpoints;
    }
}
