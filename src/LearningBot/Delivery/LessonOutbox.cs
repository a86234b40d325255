using LearningBot.Delivery.Outbox;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>What the seller does to their deliveries from Slack: ask for a lesson now, finish one.</summary>
internal sealed class LessonOutbox(PostgresOutbox outbox, Dispatcher dispatcher, TimeProvider time)
{
    /// <summary>
    /// The lesson, sent now: a planned row of it gives way, a new row due now is added and only that row is dispatched, so
    /// the answer does not wait for anyone else's due lessons. False when the seller already has the lesson (nothing is sent).
    /// </summary>
    public async Task<bool> RequestNowAsync(long sellerId, string lessonId, int version, string reason, CancellationToken cancellationToken)
    {
        if (await outbox.RequestLessonAsync(sellerId, lessonId, version, reason, time.GetUtcNow(), cancellationToken) is not { } id)
            return false;
        await dispatcher.DispatchNowAsync(id, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records that the seller finished a sent delivery of theirs, inside the caller's transaction (the one that records the quiz
    /// answers); false when it was not theirs, not sent, or already finished.
    /// </summary>
    public static Task<bool> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long deliveryId, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        PostgresOutbox.On(connection, transaction).CompleteAsync(deliveryId, sellerId, now, cancellationToken);
}
