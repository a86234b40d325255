using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Receiving;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Handles inbox rows: claims due rows with a lease (FOR UPDATE SKIP LOCKED, so several instances share the work), routes each,
/// and marks it done, or retries it later with backoff, or fails it with the reason once retrying cannot help.
/// Rows left in flight by a crash are taken over when their lease runs out.
/// </summary>
internal sealed partial class InboxProcessor : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly InboxStore _store;
    private readonly InboxWriter _writer;
    private readonly SlackRouter _router;
    private readonly ISlackApi _slack;
    private readonly TimeProvider _time;
    private readonly InboxOptions _options;
    private readonly ILogger<InboxProcessor> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private CancellationToken _stopping = CancellationToken.None;

    public InboxProcessor(InboxStore store, InboxWriter writer, SlackRouter router, ISlackApi slack, TimeProvider time,
        IOptions<InboxOptions> options, ILogger<InboxProcessor> logger)
    {
        _store = store;
        _writer = writer;
        _router = router;
        _slack = slack;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrency));
    }

    /// <summary>New rows were stored here: look now instead of at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Handles a row this instance claimed when storing it, and gives its answer for the ack if it is ready within the inline
    /// budget; otherwise (null) the answer goes to response_url when it is ready.
    /// </summary>
    public async Task<JsonObject?> AnswerInlineAsync(InboxRow row)
    {
        var slot = new InlineSlot();
        Track(row.Id, ProcessAsync(row, slot, _time.GetUtcNow()));
        using var budget = new CancellationTokenSource(_options.InlineAnswerBudget, _time);
        try
        {
            return await slot.Answer.WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return slot.TryAbandon() ? null : await slot.Answer;
        }
    }

    /// <summary>
    /// Runs a slash command's handler at once; within the inline budget its answer goes into the ack and the row is stored
    /// done. A slower handler's row is stored claimed and its answer goes to response_url; a failed one is stored for retry.
    /// Throws when the row cannot be stored, so the request is not acked.
    /// </summary>
    public async Task<JsonObject?> HandleThenStoreAsync(InboxRequest request)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        timeout.CancelAfter(_options.Lease / 2);
        var handling = _router.DispatchAsync(request.Kind, request.Body, 1, timeout.Token);
        SlackDispatchResult result;
        try
        {
            result = await handling.WaitAsync(_options.InlineAnswerBudget, _time);
        }
        catch (TimeoutException)
        {
            var id = await _writer.InsertAsync(request, InsertState.Claimed) ?? throw new InvalidOperationException("a command key was taken twice");
            var row = new InboxRow(id, InboxStore.KindName(request.Kind), request.Body, Attempts: 1);
            Track(id, FinishLateAsync(row, handling, timeout));
            return null;
        }
        catch (Exception e)
        {
            timeout.Dispose();
            await _writer.InsertAsync(request, InsertState.Pending);
            LogInlineFailed(_logger, e, Describe(e));
            Wake();
            return null;
        }
        timeout.Dispose();
        await _writer.InsertAsync(request, InsertState.Done);
        return result.Answer;
    }

    private async Task FinishLateAsync(InboxRow row, Task<SlackDispatchResult> handling, CancellationTokenSource timeout)
    {
        try
        {
            var result = await handling;
            if (result.Answer is not null && result.ResponseUrl is not null)
                await _slack.RespondAsync(result.ResponseUrl, result.Answer, timeout.Token);
            await _writer.MarkDoneAsync(row.Id);
            LogHandled(_logger, row.Id, row.Attempts, result.Outcome);
        }
        catch (Exception e)
        {
            try
            {
                await HandleFailureAsync(row, e);
            }
            catch (Exception bookkeeping)
            {
                LogBookkeepingFailed(_logger, bookkeeping, row.Id);
            }
        }
        finally
        {
            timeout.Dispose();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await ClaimAndStartAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(_logger, e);
            }
            if (claimed > 0 && _slots.CurrentCount > 0)
                continue;
            await WaitForWorkAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<int> ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
            return 0;
        var claimedAt = _time.GetUtcNow();
        var rows = await _store.ClaimAsync(free, claimedAt, _options.Lease, stoppingToken);
        foreach (var row in rows)
            Track(row.Id, ProcessAsync(row, null, claimedAt));
        return rows.Count;
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(_options.PollInterval);
        try
        {
            await _wake.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the poll interval passed
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void Track(long id, Task work)
    {
        _running[id] = work;
        work.ContinueWith(_ => _running.TryRemove(id, out var _), TaskScheduler.Default);
    }

    /// <summary>Rows answered inline are bounded by the requests waiting for them, so they do not take a background slot.</summary>
    /// <remarks>
    /// The handler's time runs from the claim, not from when it starts: work still running when the lease expires could be
    /// taken over by another claim and done twice.
    /// </remarks>
    private async Task ProcessAsync(InboxRow row, InlineSlot? slot, DateTimeOffset claimedAt)
    {
        if (slot is null)
            await _slots.WaitAsync(CancellationToken.None);
        try
        {
            if (row.Attempts > _options.MaxAttempts)
            {
                slot?.TryDeliver(null);
                await _store.FailAsync(row.Id, $"gave up after {row.Attempts - 1} attempts", _time.GetUtcNow(), CancellationToken.None);
                return;
            }

            var budget = _options.Lease / 2 - (_time.GetUtcNow() - claimedAt);
            if (budget <= TimeSpan.Zero)
            {
                slot?.TryDeliver(null);
                await _store.RetryLaterAsync(row.Id, "waited too long after its claim to start", _time.GetUtcNow(), CancellationToken.None);
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            timeout.CancelAfter(budget);
            SlackDispatchResult result;
            try
            {
                result = await _router.DispatchAsync(row.InboxKind, row.Body, row.Attempts, timeout.Token);
            }
            catch (Exception e)
            {
                slot?.TryDeliver(null);
                await HandleFailureAsync(row, e);
                return;
            }

            if (slot is not null && result.FollowUp is not null && slot.TryClaim())
            {
                // A modal closes with the ack; what it started is done here, and a failure retries the row like any other.
                slot.Deliver(result.Answer);
                if (!await FollowUpAsync(row, result, timeout.Token))
                    return;
                await _writer.MarkDoneAsync(row.Id);
            }
            else if (slot is not null && slot.TryClaim())
            {
                try
                {
                    await _writer.MarkDoneAsync(row.Id);
                    slot.Deliver(result.Answer);
                }
                catch
                {
                    slot.Deliver(null); // the lease runs out and the row is handled again, answering through response_url
                    throw;
                }
            }
            else
            {
                if (result.Answer is not null && result.ResponseUrl is not null)
                {
                    try
                    {
                        await _slack.RespondAsync(result.ResponseUrl, result.Answer, timeout.Token);
                    }
                    catch (Exception e)
                    {
                        await HandleFailureAsync(row, e);
                        return;
                    }
                }
                if (!await FollowUpAsync(row, result, timeout.Token))
                    return;
                await _writer.MarkDoneAsync(row.Id);
            }
            LogHandled(_logger, row.Id, row.Attempts, result.Outcome);
        }
        catch (Exception e)
        {
            LogBookkeepingFailed(_logger, e, row.Id);
        }
        finally
        {
            if (slot is null)
            {
                _slots.Release();
                Wake();
            }
        }
    }

    /// <summary>Runs the work that follows an answer; false when it failed and the row was handed back for a retry.</summary>
    private async Task<bool> FollowUpAsync(InboxRow row, SlackDispatchResult result, CancellationToken cancellationToken)
    {
        if (result.FollowUp is not { } followUp)
            return true;
        try
        {
            await followUp(cancellationToken);
            return true;
        }
        catch (Exception e)
        {
            await HandleFailureAsync(row, e);
            return false;
        }
    }

    private async Task HandleFailureAsync(InboxRow row, Exception e)
    {
        var now = _time.GetUtcNow();
        var reason = Describe(e);
        var permanent = e is UnusableSlackPayloadException || e is SlackApiException { IsPermanent: true } || DatabaseErrors.IsPermanent(e);
        if (permanent || row.Attempts >= _options.MaxAttempts)
        {
            LogFailed(_logger, e, row.Id, row.Attempts, reason);
            await _store.FailAsync(row.Id, reason, now, CancellationToken.None);
            return;
        }
        var backoff = e is SlackApiException { RetryAfter: { } retryAfter }
            ? retryAfter
            : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, row.Attempts)));
        LogRetrying(_logger, row.Id, row.Attempts, reason, backoff);
        await _store.RetryLaterAsync(row.Id, reason, now + backoff, CancellationToken.None);
    }

    private static string Describe(Exception e) => e switch
    {
        SlackApiException slack => $"{slack.Method}: {slack.Error}",
        OperationCanceledException => "timed out",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>Hands an inline answer to the waiting request exactly once, unless the request stopped waiting first.</summary>
    private sealed class InlineSlot
    {
        private const int Open = 0, Claimed = 1, Abandoned = 2;
        private readonly TaskCompletionSource<JsonObject?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state;

        public Task<JsonObject?> Answer => _answer.Task;

        public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Open) == Open;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Open) == Open;

        public void Deliver(JsonObject? answer) => _answer.TrySetResult(answer);

        public void TryDeliver(JsonObject? answer)
        {
            if (TryClaim() || Volatile.Read(ref _state) == Claimed)
                _answer.TrySetResult(answer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A slash command failed while answering inline ({Reason}); stored for a retry")]
    private static partial void LogInlineFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox row {Id} handled (attempt {Attempt}): {Outcome}")]
    private static partial void LogHandled(ILogger logger, long id, int attempt, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox row {Id} failed on attempt {Attempt} ({Reason}); retrying in {Backoff}")]
    private static partial void LogRetrying(ILogger logger, long id, int attempt, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox row {Id} failed for good on attempt {Attempt}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long id, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the outcome of inbox row {Id}; its lease will expire and it runs again")]
    private static partial void LogBookkeepingFailed(ILogger logger, Exception exception, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not claim inbox rows; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
