using LearningBot.Delivery.Outbox;
using LearningBot.Sellers;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>
/// "Later" and "Resume" on a lesson card. A snoozed lesson goes back into the outbox, due no earlier than the next
/// working half-day and at a moment the pacing policy allows; resuming takes it out again.
/// </summary>
internal sealed class SnoozeStore(NpgsqlDataSource dataSource, PostgresOutbox outbox, IOptions<PacingOptions> pacing)
{
    /// <summary>When the lesson comes back, or null when the delivery is not an unfinished sent lesson of this seller.</summary>
    public async Task<DateTimeOffset?> SnoozeAsync(long deliveryId, long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var seller = await connection.QuerySingleOrDefaultAsync<(string TimeZone, string Settings)?>(new CommandDefinition("""
            SELECT s.time_zone, s.settings::text
            FROM deliveries d JOIN sellers s ON s.id = d.seller_id
            WHERE d.id = @DeliveryId AND d.seller_id = @SellerId AND d.status = 'sent' AND d.completed_at IS NULL
            """, new { DeliveryId = deliveryId, SellerId = sellerId }, cancellationToken: cancellationToken));
        if (seller is not { } found)
            return null;
        var schedule = new SellerSchedule(SellerTimeZone.Find(found.TimeZone), SellerPacing.Apply(pacing.Value.ToRules(), found.Settings), [], []);
        var back = PacingPolicy.SnoozedUntil(schedule, now);
        return await outbox.SnoozeAsync(deliveryId, sellerId, back, now, cancellationToken) ? back : null;
    }

    /// <summary>
    /// Takes a snoozed lesson out of the outbox again because the seller resumed it on the card; one skipped or cancelled while it
    /// waited counts as sent again (the seller has it in front of them), unless the same lesson is live in another row.
    /// False when there was nothing to take back (it already came back, or was never snoozed).
    /// </summary>
    public Task<bool> ResumeAsync(long deliveryId, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        outbox.ResumeAsync(deliveryId, sellerId, now, cancellationToken);
}
