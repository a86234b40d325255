using System.Diagnostics;
using System.Threading.Channels;
using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Receiving;
using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Group commit for the inbox: requests arriving together are stored by one INSERT in one transaction (and finished rows
/// marked done in the same commit), so the ack waits for one shared fsync instead of one each. Durability is unchanged:
/// a caller is answered only after the commit that holds its row.
/// </summary>
internal sealed partial class InboxWriter : IAsyncDisposable
{
    private readonly InboxStore _store;
    private readonly TimeProvider _time;
    private readonly InboxOptions _options;
    private readonly ILogger<InboxWriter> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public InboxWriter(InboxStore store, TimeProvider time, IOptions<InboxOptions> options, ILogger<InboxWriter> logger)
    {
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _writers = [.. Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(WriteLoopAsync))];
    }

    /// <summary>Stores the request unless its dedupe key exists; returns the new row's id, or null for a duplicate.</summary>
    public Task<long?> InsertAsync(InboxRequest request, InsertState state)
    {
        // PostgreSQL text cannot hold NUL, and a row it refuses would take its batch's commit down with it: refuse it here.
        if (HasNul(request.DedupeKey) || HasNul(request.TeamId) || HasNul(request.ContentType) || HasNul(request.Body))
            return Task.FromException<long?>(new ArgumentException("an inbox request cannot hold a NUL character", nameof(request)));
        // Called inside the request's span: the row remembers it, so the handler continues the same trace.
        var pending = new PendingWrite(new InboxInsert(request, _time.GetUtcNow(), state, Activity.Current?.Id), null);
        return Enqueue(pending);
    }

    /// <summary>Marks a row done, committed together with whatever else is being written.</summary>
    public Task MarkDoneAsync(long id) => Enqueue(new PendingWrite(null, id));

    private static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    private Task<long?> Enqueue(PendingWrite pending)
    {
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(InboxWriter), "The inbox is shutting down.");
        return pending.Result.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(_options.MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var pending))
                batch.Add(pending);
            if (batch.Count > 0)
                await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<PendingWrite> batch)
    {
        var inserts = batch.Where(p => p.Insert is not null).Select(p => p.Insert!).ToList();
        var done = batch.Where(p => p.DoneId is not null).Select(p => p.DoneId!.Value).ToList();
        Dictionary<string, long> inserted;
        try
        {
            inserted = await _store.WriteBatchAsync(inserts, done, _time.GetUtcNow(), _options.Lease, CancellationToken.None);
        }
        catch (Exception e) when (batch.Count > 1 && DatabaseErrors.IsPermanent(e))
        {
            // One bad row must not fail the requests and done marks that happened to share its commit: write each alone.
            LogBatchSplit(_logger, e, inserts.Count, done.Count);
            foreach (var pending in batch)
                await WriteAsync([pending]);
            return;
        }
        catch (Exception e)
        {
            LogBatchFailed(_logger, e, inserts.Count, done.Count);
            foreach (var pending in batch)
                pending.Result.TrySetException(e);
            return;
        }

        foreach (var pending in batch)
        {
            if (pending.Insert is { } insert)
            {
                // The first of several copies in one batch gets the row; the others are duplicates.
                var fresh = inserted.Remove(insert.Request.DedupeKey, out var id);
                pending.Result.TrySetResult(fresh ? id : null);
            }
            else
            {
                pending.Result.TrySetResult(pending.DoneId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private sealed record PendingWrite(InboxInsert? Insert, long? DoneId)
    {
        public TaskCompletionSource<long?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Inserts} inbox rows and {Done} done marks was refused for good; writing each alone")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int inserts, int done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit {Inserts} inbox rows and {Done} done marks")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int inserts, int done);
}
