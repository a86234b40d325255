using Quartz;

namespace LearningBot.Delivery;

/// <summary>Sends due deliveries. Instances may overlap safely (rows are claimed), so concurrency is allowed.</summary>
internal sealed class DispatchJob(Dispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("dispatch-deliveries", "delivery");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.DispatchAsync(cancellationToken);
}
