using Quartz;

namespace LearningBot.Discussions;

/// <summary>Looks every few minutes for partner channels whose Monday 09:00 has passed without a digest.</summary>
[DisallowConcurrentExecution]
internal sealed class DigestJob(WeeklyDigest digest) : IJob
{
    public static readonly JobKey Key = new("weekly-digest", "discussions");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await digest.SendDueAsync(cancellationToken);
}
