using Quartz;

namespace LearningBot.Infrastructure.Scheduling;

internal static class RecurringJobs
{
    /// <summary>
    /// A durable job fired every <paramref name="interval"/> by a simple trigger; a fire missed while no instance ran
    /// happens once as soon as one does.
    /// </summary>
    public static void AddRecurringJob<TJob>(this IQuartzBuilder quartz, JobKey key, string triggerName, TimeSpan interval)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(key)
            .WithIdentity(triggerName, key.Group)
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
    }

    /// <summary>The same, with the interval read from the container (a validated options class) when the scheduler starts.</summary>
    public static void AddRecurringJob<TJob>(this IQuartzBuilder quartz, JobKey key, string triggerName, Func<IServiceProvider, TimeSpan> interval)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
        quartz.AddTrigger((services, trigger) => trigger
            .ForJob(key)
            .WithIdentity(triggerName, key.Group)
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval(services)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
    }
}
