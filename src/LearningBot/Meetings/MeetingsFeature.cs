using LearningBot.Infrastructure.Scheduling;
using LearningBot.Sellers;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Meetings;

/// <summary>Sellers, meetings and opportunities in, partners matched: the host calls <see cref="AddMeetings"/> and <see cref="MapMeetings"/>.</summary>
internal static class MeetingsFeature
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddMeetingImporters();
        services.AddHostedService<DemoDataOnStart>();

        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddCalendarFeeds();
        services.AddSingleton<SlackUserResolver>();
        services.AddQuartz(quartz =>
        {
            quartz.AddRecurringJob<CalendarFeedJob>(CalendarFeedJob.Key, "poll-calendar-feeds-every-15-minutes", CalendarFeedJob.Interval);
            quartz.AddRecurringJob<SlackUserRefreshJob>(SlackUserRefreshJob.Key, "refresh-slack-users-hourly", TimeSpan.FromHours(1));
        });
        return services;
    }

    /// <summary>The feed client and poller without their job, so tests can poll on their own clock.</summary>
    public static IServiceCollection AddCalendarFeeds(this IServiceCollection services)
    {
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

    /// <summary>Just the stores and importers, for the import verbs (which run no host services).</summary>
    public static IServiceCollection AddMeetingImporters(this IServiceCollection services)
    {
        services.AddSingleton<SellerStore>();
        services.AddSingleton<SellerDirectory>();
        services.AddSingleton<RosterImporter>();
        services.AddSingleton<OpportunityStore>();
        services.AddSingleton<OpportunityImporter>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<MeetingChangeNotifier>();
        services.AddSingleton<MeetingBatchWriter>();
        services.AddSingleton<MeetingFileImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MeetingWebhook.Path, MeetingWebhook.HandleAsync);
        endpoints.MapPost(OpportunityWebhook.Path, OpportunityWebhook.HandleAsync);
        return endpoints;
    }
}
