using LearningBot.Infrastructure.Scheduling;
using LearningBot.Slack.Receiving;
using Quartz;

namespace LearningBot.Infrastructure.Replay;

/// <summary>The replay cache behind the Slack endpoints and the signed webhooks.</summary>
internal static class ReplayFeature
{
    public static IServiceCollection AddReplayCache(this IServiceCollection services)
    {
        services.AddSingleton<ReplayCache>();
        services.AddSingleton<IReplayGuard>(provider => provider.GetRequiredService<ReplayCache>());
        services.AddQuartz(quartz => quartz.AddRecurringJob<ReplayCleanupJob>(ReplayCleanupJob.Key, "replay-cleanup-every-5-minutes", ReplayCleanupJob.Interval));
        return services;
    }
}
