using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Every hour, deletes handled and failed inbox rows older than <see cref="InboxOptions.KeepHandledFor"/>: their dedupe keys
/// are long past any Slack retry, and without this the table would keep every request the bot ever received.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class InboxCleanupJob(InboxStore store, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxCleanupJob> logger) : IJob
{
    public static readonly JobKey Key = new("inbox-cleanup", "inbox");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteHandledBeforeAsync(time.GetUtcNow() - options.Value.KeepHandledFor, cancellationToken);
        if (deleted > 0)
            LogDeleted(deleted, options.Value.KeepHandledFor);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Rows} inbox rows handled more than {KeepFor} ago")]
    private partial void LogDeleted(long rows, TimeSpan keepFor);
}
