using Quartz;

namespace LearningBot.Sellers;

/// <summary>Hourly, on one instance: resolve new roster sellers in Slack and refresh time zones older than a day.</summary>
[DisallowConcurrentExecution]
internal sealed class SlackUserRefreshJob(SlackUserResolver resolver) : IJob
{
    public static readonly JobKey Key = new("refresh-slack-users", "sellers");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await resolver.RefreshAsync(cancellationToken);
}
