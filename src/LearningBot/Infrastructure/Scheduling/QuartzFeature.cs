using System.Data.Common;
using Npgsql;
using Quartz;

namespace LearningBot.Infrastructure.Scheduling;

/// <summary>
/// Quartz with the clustered ADO job store on our own PostgreSQL (the qrtz_ tables come from our migrations
/// and Quartz verifies them at start): each recurring job fires once across all instances, and missed fires
/// are caught up after downtime. Capabilities add their jobs and triggers through AddQuartz.
/// </summary>
internal static class QuartzFeature
{
    public const string SchedulerName = "LearningBot";

    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddSingleton<DbDataSource>(provider => provider.GetRequiredService<NpgsqlDataSource>());
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(postgres => postgres.UseRegisteredDataSource = true);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                });
                store.ConfigureStore(options =>
                {
                    options.StoreJobDataAsStrings = true;
                    options.MisfireThreshold = TimeSpan.FromMinutes(1);
                });
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
