using LearningBot.Infrastructure.Telemetry;
using LearningBot.Delivery.Outbox;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

internal sealed record DispatchSummary(int Sent, int Deferred, int Skipped, int Failed, int Reconciled);

/// <summary>What became of one claimed row.</summary>
internal enum DispatchOutcome
{
    Sent,

    /// <summary>Back to 'planned' for a later moment: deferred by the send-time check, or to be retried after an error.</summary>
    Deferred,

    /// <summary>Skipped or cancelled by the send-time check.</summary>
    Skipped,

    Failed,
}

/// <summary>
/// Sends what is due. Any number of instances may run it: rows are claimed with SKIP LOCKED under a lease. The
/// pacing policy is asked again at send time (the seller may have just walked into a meeting or paused). A row
/// left 'sending' by a crash is first looked up in Slack by its delivery id, so a seller never gets it twice.
/// </summary>
internal sealed class Dispatcher(
    NpgsqlDataSource dataSource, PostgresOutbox outbox, IDeliverySender sender, IOptions<PacingOptions> pacing, IOptions<DeliveryOptions> options,
    QuickCheckSendTime quickChecks, TimeProvider time, BotMetrics metrics, ILogger<Dispatcher> logger)
{
    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var reconciled = await ReconcileStuckAsync(cancellationToken);
        int sent = 0, deferred = 0, skipped = 0, failed = 0;
        while (true)
        {
            var batch = await outbox.ClaimDueAsync(time.GetUtcNow(), settings.DispatchBatchSize, settings.Lease, cancellationToken);
            foreach (var delivery in batch)
            {
                switch (await DispatchOneAsync(delivery, cancellationToken))
                {
                    case DispatchOutcome.Sent: sent++; break;
                    case DispatchOutcome.Skipped: skipped++; break;
                    case DispatchOutcome.Failed: failed++; break;
                    case DispatchOutcome.Deferred: deferred++; break;
                }
            }
            if (batch.Count < settings.DispatchBatchSize)
                return new DispatchSummary(sent, deferred, skipped, failed, reconciled);
        }
    }

    /// <summary>Sends one planned row now (a lesson the seller asked for); null when it was not planned any more.</summary>
    public async Task<DispatchOutcome?> DispatchNowAsync(long deliveryId, CancellationToken cancellationToken) =>
        await outbox.ClaimAsync(deliveryId, time.GetUtcNow(), options.Value.Lease, cancellationToken) is { } claimed
            ? await DispatchOneAsync(claimed, cancellationToken)
            : null;

    private async Task<DispatchOutcome> DispatchOneAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        using var activity = BotTelemetry.Source.StartActivity("outbox.send");
        activity?.SetTag("delivery.id", delivery.Id);
        activity?.SetTag("delivery.kind", delivery.Kind);
        var outcome = await SendOrSettleAsync(delivery, cancellationToken);
        activity?.SetTag("delivery.outcome", outcome.ToString());
        return outcome;
    }

    private async Task<DispatchOutcome> SendOrSettleAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (delivery.Trigger != DeliveryTrigger.User)
        {
            var verdict = await RecheckAsync(delivery, now, cancellationToken);
            if (verdict is not null)
                return verdict.Value;
        }

        try
        {
            if (delivery.OutcomeUnknown && await sender.FindSentAsync(delivery, cancellationToken) is { } posted)
            {
                logger.LogInformation("Delivery {DeliveryId} had reached Slack although the earlier attempt failed; recorded without resending", delivery.Id);
                await outbox.MarkSentAsync(delivery.Id, posted, time.GetUtcNow(), cancellationToken);
                metrics.Send("reconciled");
                return DispatchOutcome.Sent;
            }
            var message = await sender.SendAsync(delivery, cancellationToken);
            var sentAt = time.GetUtcNow();
            await outbox.MarkSentAsync(delivery.Id, message, sentAt, cancellationToken);
            metrics.Send("sent");
            metrics.SendLag(sentAt - delivery.DueAt);
            return DispatchOutcome.Sent;
        }
        catch (DeliveryFailedException e)
        {
            return await HandleFailureAsync(delivery, e.Message, e.Permanent, cancellationToken);
        }
    }

    /// <summary>Null when the send may go ahead; otherwise what happened to the row instead.</summary>
    private async Task<DispatchOutcome?> RecheckAsync(DeliveryToSend delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var view = await ScheduleFromRows.AtSendTimeAsync(connection, delivery, pacing.Value.ToRules(), now, cancellationToken);
        if (view is not { } found)
        {
            await outbox.FinishAsync(delivery.Id, DeliveryStatus.Cancelled, "the seller no longer exists", null, now, cancellationToken);
            metrics.Send("cancelled", "seller_gone");
            return DispatchOutcome.Skipped;
        }
        var verdict = delivery.Kind == DeliveryKind.QuickCheck
            ? await quickChecks.DecideAsync(connection, delivery, found.Schedule, found.Meeting, now, cancellationToken)
            : SendTimeCheck.Decide(found.Schedule, delivery.MeetingId, found.Meeting, delivery.Reason, delivery.DueAt, now);
        switch (verdict)
        {
            case SendTimeVerdict.Cancel cancel:
                await outbox.FinishAsync(delivery.Id, DeliveryStatus.Cancelled, cancel.Reason, null, now, cancellationToken);
                metrics.Send("cancelled", "meeting_gone");
                return DispatchOutcome.Skipped;
            case SendTimeVerdict.Defer defer:
                await outbox.ReleaseAsync(delivery.Id, defer.At, defer.Reason, null, now, cancellationToken);
                metrics.Send("deferred", "send_time_check");
                return DispatchOutcome.Deferred;
            case SendTimeVerdict.Skip skip:
                await outbox.FinishAsync(delivery.Id, DeliveryStatus.Skipped, skip.Reason, null, now, cancellationToken);
                metrics.Send("skipped", "send_time_check");
                return DispatchOutcome.Skipped;
            default:
                return null;
        }
    }

    private async Task<DispatchOutcome> HandleFailureAsync(DeliveryToSend delivery, string error, bool permanent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempts = await outbox.AttemptsAsync(delivery.Id, cancellationToken);
        if (permanent || attempts >= options.Value.MaxAttempts)
        {
            logger.LogWarning("Delivery {DeliveryId} failed for good after {Attempts} attempt(s): {Error}", delivery.Id, attempts, error);
            await outbox.FinishAsync(delivery.Id, DeliveryStatus.Failed, delivery.Reason, error, now, cancellationToken);
            metrics.Send("failed", permanent ? "permanent_error" : "attempts_exhausted");
            return DispatchOutcome.Failed;
        }
        var retryAt = now + TimeSpan.FromMinutes(Math.Pow(2, attempts));
        logger.LogInformation("Delivery {DeliveryId} will be retried at {RetryAt}: {Error}", delivery.Id, retryAt, error);
        await outbox.ReleaseAsync(delivery.Id, retryAt, delivery.Reason, error, now, cancellationToken);
        metrics.Send("deferred", "retry");
        return DispatchOutcome.Deferred;
    }

    /// <summary>A send whose outcome was lost: if Slack has the message, record it; otherwise it is due again.</summary>
    private async Task<int> ReconcileStuckAsync(CancellationToken cancellationToken)
    {
        var reconciled = 0;
        var settings = options.Value;
        foreach (var delivery in await outbox.ClaimStuckAsync(time.GetUtcNow(), settings.DispatchBatchSize, settings.Lease, cancellationToken))
        {
            var now = time.GetUtcNow();
            try
            {
                if (await sender.FindSentAsync(delivery, cancellationToken) is { } message)
                {
                    logger.LogInformation("Delivery {DeliveryId} had reached Slack before a crash; recorded without resending", delivery.Id);
                    await outbox.MarkSentAsync(delivery.Id, message, now, cancellationToken);
                    metrics.Send("reconciled");
                }
                else
                {
                    await outbox.ReleaseAsync(delivery.Id, now, delivery.Reason, "the send was interrupted before Slack had it", now, cancellationToken);
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
