using LearningBot.Meetings;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Delivery;

internal static class DeliveryFeature
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddReplanning();
        services.AddSingleton<DispatchStore>();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<SnoozeStore>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<PlanJob>(job => job.WithIdentity(PlanJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(PlanJob.Key)
                .WithIdentity("plan-deliveries-every-5-minutes", "delivery")
                .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
            quartz.AddJob<DispatchJob>(job => job.WithIdentity(DispatchJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(DispatchJob.Key)
                .WithIdentity("dispatch-deliveries-every-30-seconds", "delivery")
                .WithSimpleSchedule(schedule => schedule.WithInterval(TimeSpan.FromSeconds(30)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
        });
        return services;
    }

    /// <summary>The planner and its hook on meeting changes, without the jobs: the import verbs re-plan what they changed.</summary>
    public static IServiceCollection AddReplanning(this IServiceCollection services)
    {
        services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PacingOptions>, PacingOptionsValidator>();
        services.AddSingleton<PlanningQueries>();
        services.AddSingleton<DeliveryPlanner>();
        services.AddSingleton<IMeetingChangeListener, ReplanOnMeetingChange>();
        return services;
    }
}
