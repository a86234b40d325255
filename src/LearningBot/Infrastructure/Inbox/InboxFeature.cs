using LearningBot.Infrastructure.Telemetry;
using LearningBot.Infrastructure.Scheduling;
using LearningBot.Slack.Receiving;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>The durable inbox behind the Slack endpoints, the inline answers and the background loop that works through it.</summary>
internal static class InboxFeature
{
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddBotMetrics();
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboxOptions>, InboxOptionsValidator>();
        services.AddSingleton<InboxInstance>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<DeadClaimWatch>();
        services.AddSingleton<InboxWriter>();
        services.AddSingleton<InFlightRows>();
        services.AddSingleton<InboxRowHandler>();
        services.AddSingleton<InlineAnswers>();
        services.AddSingleton<InboxLoop>();
        services.AddHostedService(provider => provider.GetRequiredService<InboxLoop>());
        services.AddSingleton<ISlackInbox, PostgresInbox>();
        services.AddQuartz(quartz => quartz.AddRecurringJob<InboxCleanupJob>(InboxCleanupJob.Key, "inbox-cleanup-hourly", TimeSpan.FromHours(1)));
        return services;
    }
}
