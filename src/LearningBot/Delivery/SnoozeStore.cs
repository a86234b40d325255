using LearningBot.Sellers;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>
/// "Later" and "Resume" on a lesson card. A snoozed lesson goes back into the outbox, due no earlier than the next
/// working half-day and at a moment the pacing policy allows; resuming takes it out again.
/// </summary>
internal sealed class SnoozeStore(NpgsqlDataSource dataSource, IOptions<PacingOptions> pacing)
{
    /// <summary>When the lesson comes back, or null when the delivery is not an unfinished sent lesson of this seller.</summary>
    public async Task<DateTimeOffset?> SnoozeAsync(long deliveryId, long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Reason, string TimeZone, string Settings)>(new CommandDefinition("""
            SELECT d.reason, s.time_zone, s.settings::text
            FROM deliveries d JOIN sellers s ON s.id = d.seller_id
            WHERE d.id = @deliveryId AND d.seller_id = @sellerId AND d.status = 'sent' AND d.completed_at IS NULL
            """, new { deliveryId, sellerId }, cancellationToken: cancellationToken));
        if (row.Reason is null)
            return null;
        var schedule = new SellerSchedule(SellerTimeZone.Find(row.TimeZone), SellerPacing.Apply(pacing.Value.ToRules(), row.Settings), [], []);
        var back = PacingPolicy.SnoozedUntil(schedule, now);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries
            SET status = 'planned', due_at = @back, snoozed_until = @back, updated_at = @now,
                reason = CASE WHEN reason LIKE '%; snoozed by the seller' THEN reason ELSE reason || '; snoozed by the seller' END
            WHERE id = @deliveryId AND status = 'sent' AND completed_at IS NULL
            """, new { deliveryId, back, now }, cancellationToken: cancellationToken));
        return updated == 1 ? back : null;
    }

    /// <summary>
    /// Takes a snoozed lesson out of the outbox again because the seller resumed it on the card; one skipped or cancelled while it
    /// waited counts as sent again (the seller has it in front of them), unless the same lesson is live in another row.
    /// False when there was nothing to take back (it already came back, or was never snoozed).
    /// </summary>
    public async Task<bool> ResumeAsync(long deliveryId, long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries d SET status = 'sent', snoozed_until = NULL, updated_at = @now
            WHERE d.id = @deliveryId AND d.seller_id = @sellerId AND d.snoozed_until IS NOT NULL AND d.sent_at IS NOT NULL
              AND (d.status = 'planned'
                   OR (d.status IN ('skipped', 'cancelled') AND NOT EXISTS (
                       SELECT 1 FROM deliveries o
                       WHERE o.seller_id = d.seller_id AND o.lesson_id = d.lesson_id AND o.kind = 'lesson' AND o.id <> d.id
                         AND o.status IN ('planned', 'sending', 'sent'))))
            """, new { deliveryId, sellerId, now }, cancellationToken: cancellationToken)) == 1;
    }
}
