using LearningBot.Infrastructure.Scheduling;
using LearningBot.Meetings;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Delivery;

internal static class DeliveryFeature
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddReplanning();
        services.AddSingleton<DispatchStore>();
        services.AddReinforcementPlanning();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<SnoozeStore>();
        services.AddQuartz(quartz =>
        {
            quartz.AddRecurringJob<PlanJob>(PlanJob.Key, "plan-deliveries-every-5-minutes", TimeSpan.FromMinutes(5));
            quartz.AddRecurringJob<DispatchJob>(DispatchJob.Key, "dispatch-deliveries-every-30-seconds", TimeSpan.FromSeconds(30));
        });
        return services;
    }

    /// <summary>The planner and its hook on meeting changes, without the jobs: the import verbs re-plan what they changed.</summary>
    public static IServiceCollection AddReplanning(this IServiceCollection services)
    {
        services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PacingOptions>, PacingOptionsValidator>();
        services.AddSingleton<PlanningQueries>();
        services.AddReinforcementPlanning();
        services.AddSingleton<DeliveryPlanner>();
        services.AddSingleton<IMeetingChangeListener, ReplanOnMeetingChange>();
        return services;
    }
}
