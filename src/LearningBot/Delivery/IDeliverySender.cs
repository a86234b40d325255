namespace LearningBot.Delivery;

/// <summary>
/// A claimed outbox row on its way to the seller. <paramref name="OutcomeUnknown"/>: an earlier attempt failed in a way
/// that does not say whether Slack posted the card (a 5xx, a timeout), so it is looked up before it is sent again.
/// </summary>
internal sealed record DeliveryToSend(
    long Id, long SellerId, string Kind, string Trigger, string LessonId, int LessonVersion, long? MeetingId, DateTimeOffset DueAt, string Reason,
    bool OutcomeUnknown = false);

/// <summary>Where a delivery landed in Slack.</summary>
internal sealed record SentMessage(string Channel, string Ts);

/// <summary>A send that did not happen; permanent failures are not retried (the seller left, the channel is gone…).</summary>
internal sealed class DeliveryFailedException(string reason, bool permanent, Exception? inner = null) : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// Puts a delivery in front of the seller (the lesson card in their DM) and finds it again: every message carries
/// its delivery id in Slack message metadata, so a send whose outcome was lost can be looked up before any resend.
/// </summary>
internal interface IDeliverySender
{
    Task<SentMessage> SendAsync(DeliveryToSend delivery, CancellationToken cancellationToken);

    /// <summary>The message already posted for this delivery, if there is one.</summary>
    Task<SentMessage?> FindSentAsync(DeliveryToSend delivery, CancellationToken cancellationToken);
}
