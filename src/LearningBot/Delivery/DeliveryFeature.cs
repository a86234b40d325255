using LearningBot.Infrastructure.Telemetry;
using LearningBot.Delivery.Outbox;
using LearningBot.Infrastructure.Scheduling;
using LearningBot.Meetings;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace LearningBot.Delivery;

internal static class DeliveryFeature
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddBotMetrics();
        services.AddReplanning();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<SnoozeStore>();
        services.AddSingleton<LessonOutbox>();
        services.AddSingleton<DeliveryReads>();
        services.AddQuartz(quartz =>
        {
            // The trigger names predate the settings (they name the defaults); renaming them would leave the old triggers in stores.
            quartz.AddRecurringJob<PlanJob>(PlanJob.Key, "plan-deliveries-every-5-minutes",
                services => services.GetRequiredService<IOptions<DeliveryOptions>>().Value.PlanInterval);
            quartz.AddRecurringJob<DispatchJob>(DispatchJob.Key, "dispatch-deliveries-every-30-seconds",
                services => services.GetRequiredService<IOptions<DeliveryOptions>>().Value.DispatchInterval);
        });
        return services;
    }

    /// <summary>The planner and its hook on meeting changes, without the jobs: the import verbs re-plan what they changed.</summary>
    public static IServiceCollection AddReplanning(this IServiceCollection services)
    {
        services.AddBotMetrics();
        services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PacingOptions>, PacingOptionsValidator>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton(services => new PostgresOutbox(services.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<PlanningQueries>();
        services.AddReinforcementPlanning();
        services.AddSingleton<DeliveryPlanner>();
        services.AddSingleton<IMeetingChangeListener, ReplanOnMeetingChange>();
        return services;
    }
}
