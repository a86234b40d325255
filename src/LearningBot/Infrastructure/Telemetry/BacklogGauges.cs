using System.Diagnostics.Metrics;
using LearningBot.Delivery;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Sellers;
using Npgsql;

namespace LearningBot.Infrastructure.Telemetry;

/// <summary>
/// Inbox and outbox backlog (and failing calendar feeds) as gauges. A metrics scrape must not wait on the database, so a background loop samples both
/// every <see cref="Interval"/> and the gauges report the last sample (nothing while the database cannot be asked).
/// </summary>
internal sealed partial class BacklogGauges : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <summary>A planned delivery this long past its due moment counts as overdue (the runbook's alert threshold).</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromMinutes(10);

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider time;
    private readonly ILogger<BacklogGauges> logger;
    private volatile Snapshot? last;

    public BacklogGauges(NpgsqlDataSource dataSource, TimeProvider time, BotMetrics metrics, ILogger<BacklogGauges> logger)
    {
        this.dataSource = dataSource;
        this.time = time;
        this.logger = logger;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("learningbot.inbox.depth", () => Read(s => s.Inbox.Waiting), "{row}",
            "Inbox rows stored and not yet handled (pending or being handled).");
        meter.CreateObservableGauge("learningbot.inbox.oldest_age", () => Read(s => s.Inbox.OldestAgeSeconds), "s",
            "Age of the oldest inbox row not yet handled.");
        meter.CreateObservableGauge("learningbot.inbox.failed", () => Read(s => s.Inbox.Failed), "{row}",
            "Inbox rows that gave up after their last attempt and wait to be re-driven.");
        meter.CreateObservableGauge("learningbot.outbox.due", () => Read(s => s.Outbox.Due), "{delivery}",
            "Planned deliveries whose due moment has passed.");
        meter.CreateObservableGauge("learningbot.outbox.overdue", () => Read(s => s.Outbox.Overdue), "{delivery}",
            "Planned deliveries more than 10 minutes past their due moment.");
        meter.CreateObservableGauge("learningbot.calendar.feeds_failing", () => Read(s => s.FeedsFailing), "{feed}",
            "Sellers' calendar feeds whose last poll failed.");
    }

    private sealed record Snapshot(InboxBacklogSample Inbox, OutboxBacklogSample Outbox, long FeedsFailing);

    /// <summary>Takes one sample now (the loop does this every <see cref="Interval"/>).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inbox = await InboxBacklog.SampleAsync(connection, now, cancellationToken);
        var outbox = await OutboxBacklog.SampleAsync(connection, now, OverdueAfter, cancellationToken);
        var feedsFailing = await FeedHealth.CountFailingAsync(connection, cancellationToken);
        last = new Snapshot(inbox, outbox, feedsFailing);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                last = null;
                LogSampleFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<T>> Read<T>(Func<Snapshot, T> value) where T : struct =>
        last is { } snapshot ? [new Measurement<T>(value(snapshot))] : [];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not sample the inbox and outbox backlog: {Problem}")]
    private static partial void LogSampleFailed(ILogger logger, string problem);
}
