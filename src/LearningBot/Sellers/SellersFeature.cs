using LearningBot.Infrastructure.Scheduling;
using Quartz;

namespace LearningBot.Sellers;

/// <summary>The sellers roster: its store and import, the directory other features look sellers up in, and the hourly Slack refresh.</summary>
internal static class SellersFeature
{
    public static IServiceCollection AddSellers(this IServiceCollection services)
    {
        services.AddSingleton<SellerStore>();
        services.AddSingleton<SellerDirectory>();
        services.AddSingleton<RosterImporter>();
        services.AddSingleton<SlackUserResolver>();
        services.AddQuartz(quartz =>
            quartz.AddRecurringJob<SlackUserRefreshJob>(SlackUserRefreshJob.Key, "refresh-slack-users-hourly", TimeSpan.FromHours(1)));
        return services;
    }
}
