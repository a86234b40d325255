using Quartz;

namespace LearningBot.Delivery;

/// <summary>Re-plans every seller with upcoming meetings; Quartz fires it on one instance at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class PlanJob(DeliveryPlanner planner) : IJob
{
    public static readonly JobKey Key = new("plan-deliveries", "delivery");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await planner.PlanAllAsync(cancellationToken);
}
