using System.Diagnostics;
using LearningBot.Infrastructure.Telemetry;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Handles one claimed row, for the background loop or for a request waiting to ack: routes it, answers (in the ack or through
/// response_url), runs what follows the answer, and marks the row done, or retries it later, or fails it with the reason.
/// </summary>
internal sealed partial class InboxRowHandler(
    InboxStore store, InboxWriter writer, SlackRouter router, ISlackApi slack, InFlightRows inFlight, TimeProvider time,
    IOptions<InboxOptions> options, BotMetrics metrics, ILogger<InboxRowHandler> logger)
{
    private readonly InboxOptions _options = options.Value;

    /// <remarks>
    /// The handler's time runs from the claim, not from when it starts: work still running when the lease expires could be
    /// taken over by another claim and done twice.
    /// </remarks>
    public async Task HandleAsync(InboxRow row, AckHandoff? ack, DateTimeOffset claimedAt)
    {
        using var activity = StartHandling(row);
        if (row.Attempts > 1)
            metrics.HandlerRetried(row.Kind);
        try
        {
            if (row.CountedAttempts > _options.MaxAttempts)
            {
                ack?.GiveNothing();
                await FailAsync(row, $"gave up after {row.CountedAttempts - 1} attempts");
                return;
            }

            var budget = _options.Lease / 2 - (time.GetUtcNow() - claimedAt);
            if (budget <= TimeSpan.Zero)
            {
                ack?.GiveNothing();
                await store.RetryLaterAsync(row.Id, "waited too long after its claim to start", time.GetUtcNow(), counted: true, CancellationToken.None);
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(inFlight.Stopping);
            timeout.CancelAfter(budget);
            SlackDispatchResult result;
            try
            {
                result = await router.DispatchAsync(row.InboxKind, row.Body, row.Attempts, timeout.Token);
            }
            catch (Exception e)
            {
                ack?.GiveNothing();
                await RetryOrFailAsync(row, e);
                return;
            }

            var handled = ack is not null && ack.TryTakeAck()
                ? await AnswerInAckAsync(row, result, ack, timeout.Token)
                : await AnswerLaterAsync(row, result, timeout.Token);
            if (handled)
                LogHandled(logger, row.Id, row.Attempts, result.Outcome);
        }
        catch (Exception e)
        {
            LogBookkeepingFailed(logger, e, row.Id);
        }
    }

    private async Task<bool> AnswerInAckAsync(InboxRow row, SlackDispatchResult result, AckHandoff ack, CancellationToken cancellationToken)
    {
        if (result.FollowUp is not null)
        {
            // A modal closes with the ack; what it started is done here, and a failure retries the row like any other.
            ack.Give(result.Answer);
            if (!await FollowUpAsync(row, result, cancellationToken))
                return false;
            await writer.MarkDoneAsync(row.Id);
            return true;
        }
        try
        {
            await writer.MarkDoneAsync(row.Id);
            ack.Give(result.Answer);
            return true;
        }
        catch
        {
            ack.Give(null); // the lease runs out and the row is handled again, answering through response_url
            throw;
        }
    }

    private async Task<bool> AnswerLaterAsync(InboxRow row, SlackDispatchResult result, CancellationToken cancellationToken)
    {
        if (result.Answer is not null && result.ResponseUrl is not null)
        {
            try
            {
                await slack.RespondAsync(result.ResponseUrl, result.Answer, cancellationToken);
            }
            catch (Exception e)
            {
                await RetryOrFailAsync(row, e);
                return false;
            }
        }
        if (!await FollowUpAsync(row, result, cancellationToken))
            return false;
        await writer.MarkDoneAsync(row.Id);
        return true;
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
            await RetryOrFailAsync(row, e);
            return false;
        }
    }

    /// <summary>
    /// The span of handling a row, in the trace of the request that stored it (a parent when the context is at hand, as for a
    /// row handled inside its own request, and otherwise the stored traceparent) and linked to that request's span.
    /// </summary>
    private static Activity? StartHandling(InboxRow row)
    {
        ActivityContext stored = default;
        var hasStored = row.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out stored);
        var parent = Activity.Current?.Context ?? (hasStored ? stored : default);
        var activity = BotTelemetry.Source.StartActivity("inbox.handle", ActivityKind.Internal, parent,
            links: hasStored ? [new ActivityLink(stored)] : null);
        activity?.SetTag("inbox.row.id", row.Id);
        activity?.SetTag("inbox.row.kind", row.Kind);
        activity?.SetTag("inbox.row.attempt", row.Attempts);
        return activity;
    }

    private async Task RetryOrFailAsync(InboxRow row, Exception e)
    {
        var now = time.GetUtcNow();
        var reason = InboxRetryPolicy.Describe(e);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, reason);
        if (InboxRetryPolicy.Decide(e, row, now, _options, Random.Shared.NextDouble()) is not { } retry)
        {
            metrics.HandlerFailed(row.Kind, willRetry: false);
            LogFailed(logger, e, row.Id, row.Attempts, reason);
            await FailAsync(row, reason);
            return;
        }
        metrics.HandlerFailed(row.Kind, willRetry: true);
        LogRetrying(logger, row.Id, row.Attempts, reason, retry.Backoff);
        await store.RetryLaterAsync(row.Id, reason, now + retry.Backoff, retry.Counted, CancellationToken.None);
    }

    private async Task FailAsync(InboxRow row, string reason)
    {
        await store.FailAsync(row.Id, reason, time.GetUtcNow(), CancellationToken.None);
        LogFailedRows(logger, await store.CountFailedAsync(CancellationToken.None));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox row {Id} handled (attempt {Attempt}): {Outcome}")]
    private static partial void LogHandled(ILogger logger, long id, int attempt, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox row {Id} failed on attempt {Attempt} ({Reason}); retrying in {Backoff}")]
    private static partial void LogRetrying(ILogger logger, long id, int attempt, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox row {Id} failed for good on attempt {Attempt}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, long id, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} inbox rows have failed for good; 'learningbot inbox retry' puts them back")]
    private static partial void LogFailedRows(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the outcome of inbox row {Id}; its lease will expire and it runs again")]
    private static partial void LogBookkeepingFailed(ILogger logger, Exception exception, long id);
}
