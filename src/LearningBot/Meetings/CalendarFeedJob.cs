using Quartz;

namespace LearningBot.Meetings;

/// <summary>Every 15 minutes, on one instance of the cluster: poll every seller's calendar feed.</summary>
[DisallowConcurrentExecution]
internal sealed class CalendarFeedJob(CalendarFeedPoller poller) : IJob
{
    public static readonly JobKey Key = new("poll-calendar-feeds", "meetings");
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await poller.PollAllAsync(cancellationToken);
}
