using LearningBot.Infrastructure.Telemetry;
using LearningBot.Sellers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Meetings;

internal enum FeedPollOutcome
{
    Updated,
    NotModified,
    Failed,
}

/// <summary>
/// One poll of each seller's secret calendar address: conditional GET, parse and expand over the planning horizon,
/// then the seller's "ics" meetings and the feed's new validators in one transaction, and a re-plan when something
/// changed. A failing feed records why (never the address) and keeps the last good meetings untouched.
/// </summary>
internal sealed partial class CalendarFeedPoller(
    NpgsqlDataSource dataSource, SellerStore sellers, MeetingStore meetings, CalendarFeedClient feeds, MeetingChangeNotifier changes,
    IOptions<CalendarFeedOptions> options, TimeProvider time, BotMetrics metrics, ILogger<CalendarFeedPoller> logger)
{
    public const string Source = "ics";

    public async Task PollAllAsync(CancellationToken cancellationToken)
    {
        var all = await sellers.ListFeedsAsync(cancellationToken);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (feed, token) =>
            {
                var outcome = FeedPollOutcome.Failed;
                try
                {
                    outcome = await PollAsync(feed, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPollCrashed(e, feed.SellerId);
                }
                metrics.CalendarFeedPolled(outcome);
            });
    }

    public async Task<FeedPollOutcome> PollAsync(SellerFeed feed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = feed.ExpandedAt is { } expanded && now - expanded < options.Value.ReexpandAfter;
        var response = await feeds.FetchAsync(feed.CalendarUrl, fresh ? feed.Etag : null, fresh ? feed.LastModified : null, cancellationToken);
        if (response is FeedResponse.NotModified)
        {
            await sellers.RecordFeedUnchangedAsync(feed.SellerId, now, cancellationToken);
            return FeedPollOutcome.NotModified;
        }
        if (response is FeedResponse.Failed failed)
            return await FailAsync(feed, failed.Reason, now, cancellationToken);

        var content = (FeedResponse.Content)response;
        var window = IcsCalendarReader.DefaultWindow;
        IReadOnlyList<CalendarEntry> entries;
        try
        {
            entries = IcsCalendarReader.Read(content.Body, feed.Email ?? "", now, window, SellerTimeZone.Find(feed.TimeZone));
        }
        catch (CalendarFormatException e)
        {
            return await FailAsync(feed, e.Message, now, cancellationToken);
        }

        MeetingSyncSummary summary;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            summary = await meetings.SyncAsync(feed.SellerId, Source, now, now + window, entries, transaction, cancellationToken);
            await sellers.RecordFeedReadAsync(feed.SellerId, content.Etag, content.LastModified, now, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        LogPolled(feed.SellerId, entries.Count, summary.Added, summary.Changed, summary.Vanished);
        if (summary.HasChanges)
            await changes.SellersChangedAsync([feed.SellerId], cancellationToken);
        return FeedPollOutcome.Updated;
    }

    private async Task<FeedPollOutcome> FailAsync(SellerFeed feed, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogFeedFailing(feed.SellerId, reason);
        await sellers.RecordFeedFailureAsync(feed.SellerId, reason, now, cancellationToken);
        return FeedPollOutcome.Failed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar feed of seller {SellerId}: {Count} entries in the horizon, {Added} new, {Changed} changed, {Vanished} gone")]
    private partial void LogPolled(long sellerId, int count, int added, int changed, int vanished);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calendar feed of seller {SellerId} is failing, keeping the last good meetings: {Reason}")]
    private partial void LogFeedFailing(long sellerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling the calendar feed of seller {SellerId} crashed; the next poll tries again")]
    private partial void LogPollCrashed(Exception exception, long sellerId);
}
