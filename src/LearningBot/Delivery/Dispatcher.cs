using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

internal sealed record DispatchSummary(int Sent, int Deferred, int Skipped, int Failed, int Reconciled);

/// <summary>
/// Sends what is due. Any number of instances may run it: rows are claimed with SKIP LOCKED under a lease. The
/// pacing policy is asked again at send time (the seller may have just walked into a meeting or paused). A row
/// left 'sending' by a crash is first looked up in Slack by its delivery id, so a seller never gets it twice.
/// </summary>
internal sealed class Dispatcher(
    NpgsqlDataSource dataSource, DispatchStore store, IDeliverySender sender, IOptions<PacingOptions> pacing,
    QuickCheckSendTime quickChecks, TimeProvider time, ILogger<Dispatcher> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public const int BatchSize = 50;
    public const int MaxAttempts = 5;

    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        var reconciled = await ReconcileStuckAsync(cancellationToken);
        int sent = 0, deferred = 0, skipped = 0, failed = 0;
        while (true)
        {
            var batch = await store.ClaimDueAsync(time.GetUtcNow(), BatchSize, Lease, cancellationToken);
            foreach (var delivery in batch)
            {
                switch (await DispatchOneAsync(delivery, cancellationToken))
                {
                    case "sent": sent++; break;
                    case "skipped": skipped++; break;
                    case "failed": failed++; break;
                    default: deferred++; break;
                }
            }
            if (batch.Count < BatchSize)
                return new DispatchSummary(sent, deferred, skipped, failed, reconciled);
        }
    }

    private async Task<string> DispatchOneAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (delivery.Trigger != "user")
        {
            var verdict = await RecheckAsync(delivery, now, cancellationToken);
            if (verdict is not null)
                return verdict;
        }

        try
        {
            if (delivery.OutcomeUnknown && await sender.FindSentAsync(delivery, cancellationToken) is { } posted)
            {
                logger.LogInformation("Delivery {DeliveryId} had reached Slack although the earlier attempt failed; recorded without resending", delivery.Id);
                await store.MarkSentAsync(delivery.Id, posted, time.GetUtcNow(), cancellationToken);
                return "sent";
            }
            var message = await sender.SendAsync(delivery, cancellationToken);
            await store.MarkSentAsync(delivery.Id, message, time.GetUtcNow(), cancellationToken);
            return "sent";
        }
        catch (DeliveryFailedException e)
        {
            return await HandleFailureAsync(delivery, e.Message, e.Permanent, cancellationToken);
        }
    }

    /// <summary>Null when the send may go ahead; otherwise what happened to the row instead.</summary>
    private async Task<string?> RecheckAsync(DeliveryToSend delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var view = await SellerSchedules.AtSendTimeAsync(connection, delivery, pacing.Value.ToRules(), now);
        if (view is not { } found)
        {
            await store.FinishAsync(delivery.Id, "cancelled", "the seller no longer exists", null, now, cancellationToken);
            return "skipped";
        }
        var verdict = delivery.Kind == "quick-check"
            ? await quickChecks.DecideAsync(connection, delivery, found.Schedule, found.Meeting, now)
            : SendTimeCheck.Decide(found.Schedule, delivery.MeetingId, found.Meeting, delivery.Reason, delivery.DueAt, now);
        switch (verdict)
        {
            case SendTimeVerdict.Cancel cancel:
                await store.FinishAsync(delivery.Id, "cancelled", cancel.Reason, null, now, cancellationToken);
                return "skipped";
            case SendTimeVerdict.Defer defer:
                await store.ReleaseAsync(delivery.Id, defer.At, defer.Reason, null, now, cancellationToken);
                return "deferred";
            case SendTimeVerdict.Skip skip:
                await store.FinishAsync(delivery.Id, "skipped", skip.Reason, null, now, cancellationToken);
                return "skipped";
            default:
                return null;
        }
    }

    private async Task<string> HandleFailureAsync(DeliveryToSend delivery, string error, bool permanent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempts = await store.AttemptsAsync(delivery.Id, cancellationToken);
        if (permanent || attempts >= MaxAttempts)
        {
            logger.LogWarning("Delivery {DeliveryId} failed for good after {Attempts} attempt(s): {Error}", delivery.Id, attempts, error);
            await store.FinishAsync(delivery.Id, "failed", delivery.Reason, error, now, cancellationToken);
            return "failed";
        }
        var retryAt = now + TimeSpan.FromMinutes(Math.Pow(2, attempts));
        logger.LogInformation("Delivery {DeliveryId} will be retried at {RetryAt}: {Error}", delivery.Id, retryAt, error);
        await store.ReleaseAsync(delivery.Id, retryAt, delivery.Reason, error, now, cancellationToken);
        return "deferred";
    }

    /// <summary>A send whose outcome was lost: if Slack has the message, record it; otherwise it is due again.</summary>
    private async Task<int> ReconcileStuckAsync(CancellationToken cancellationToken)
    {
        var reconciled = 0;
        foreach (var delivery in await store.ClaimStuckAsync(time.GetUtcNow(), BatchSize, Lease, cancellationToken))
        {
            var now = time.GetUtcNow();
            try
            {
                if (await sender.FindSentAsync(delivery, cancellationToken) is { } message)
                {
                    logger.LogInformation("Delivery {DeliveryId} had reached Slack before a crash; recorded without resending", delivery.Id);
                    await store.MarkSentAsync(delivery.Id, message, now, cancellationToken);
                }
                else
                {
                    await store.ReleaseAsync(delivery.Id, now, delivery.Reason, "the send was interrupted before Slack had it", now, cancellationToken);
                }
                reconciled++;
            }
            catch (DeliveryFailedException e)
            {
                logger.LogWarning("Could not check delivery {DeliveryId} against Slack yet: {Error}", delivery.Id, e.Message);
            }
        }
        return reconciled;
    }
}
