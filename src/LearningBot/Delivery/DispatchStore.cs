using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>The dispatcher's SQL: claim due rows without blocking other instances, and record what happened.</summary>
internal sealed class DispatchStore(NpgsqlDataSource dataSource)
{
    /// <summary>Due planned rows become 'sending' under a lease; rows another instance holds are skipped, not waited for.</summary>
    public async Task<IReadOnlyList<DeliveryToSend>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DeliveryToSend>(new CommandDefinition("""
            UPDATE deliveries d
            SET status = 'sending', claimed_until = @leaseEnd, attempts = d.attempts + 1, updated_at = @now
            FROM (
                SELECT id FROM deliveries
                WHERE status = 'planned' AND due_at <= @now
                ORDER BY due_at, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE d.id = due.id
            RETURNING d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.meeting_id, d.due_at, d.reason,
                      d.last_error IS NOT NULL AND d.sent_at IS NULL AS outcome_unknown
            """, new { now, limit, leaseEnd = now + lease }, cancellationToken: cancellationToken))];
    }

    /// <summary>Rows whose claim expired while 'sending': the instance that held them died mid-send.</summary>
    public async Task<IReadOnlyList<DeliveryToSend>> ClaimStuckAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DeliveryToSend>(new CommandDefinition("""
            UPDATE deliveries d
            SET claimed_until = @leaseEnd, updated_at = @now
            FROM (
                SELECT id FROM deliveries
                WHERE status = 'sending' AND claimed_until < @now
                ORDER BY claimed_until, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) stuck
            WHERE d.id = stuck.id
            RETURNING d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.meeting_id, d.due_at, d.reason,
                      d.last_error IS NOT NULL AND d.sent_at IS NULL AS outcome_unknown
            """, new { now, limit, leaseEnd = now + lease }, cancellationToken: cancellationToken))];
    }

    public Task MarkSentAsync(long id, SentMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries
            SET status = 'sent', slack_channel = @Channel, slack_ts = @Ts, sent_at = @now, claimed_until = NULL, last_error = NULL, updated_at = @now
            WHERE id = @id AND status = 'sending'
            """, new { id, message.Channel, message.Ts, now }, cancellationToken);

    public Task ReleaseAsync(long id, DateTimeOffset dueAt, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries
            SET status = 'planned', due_at = @dueAt, reason = @reason, last_error = @error, claimed_until = NULL, updated_at = @now
            WHERE id = @id AND status = 'sending'
            """, new { id, dueAt, reason, error, now }, cancellationToken);

    public async Task FinishAsync(long id, string status, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (status == "skipped")
        {
            // One skip is kept per meeting (or trigger) and lesson: a lesson planned again after an earlier skip and
            // skipped again replaces that record with the newer reason.
            await connection.ExecuteAsync(new CommandDefinition("""
                DELETE FROM deliveries o USING deliveries d
                WHERE d.id = @id AND d.status = 'sending' AND o.id <> d.id AND o.status = 'skipped'
                  AND o.seller_id = d.seller_id AND o.lesson_id = d.lesson_id
                  AND (o.meeting_id = d.meeting_id OR (o.meeting_id IS NULL AND d.meeting_id IS NULL AND o.trigger = d.trigger))
                """, new { id }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries
            SET status = @status, reason = @reason, last_error = @error, claimed_until = NULL, updated_at = @now
            WHERE id = @id AND status = 'sending'
            """, new { id, status, reason, error, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> AttemptsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT attempts FROM deliveries WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
