using Quartz;

namespace LearningBot.Infrastructure.Replay;

/// <summary>Every five minutes, forgets signatures whose requests are long outside the signature window.</summary>
[DisallowConcurrentExecution]
internal sealed partial class ReplayCleanupJob(ReplayCache cache, TimeProvider time, ILogger<ReplayCleanupJob> logger) : IJob
{
    public static readonly JobKey Key = new("replay-cleanup", "replay");
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await cache.DeleteSeenBeforeAsync(time.GetUtcNow() - ReplayCache.KeepFor, cancellationToken);
        if (deleted > 0)
            LogDeleted(deleted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forgot {Rows} request signatures outside the replay window")]
    private partial void LogDeleted(int rows);
}
