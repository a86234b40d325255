using Dapper;
using Npgsql;

namespace LearningBot.Delivery.Outbox;

/// <summary>
/// The outbox transitions on the deliveries table. Built on a data source, each call runs on a connection of its own;
/// built with <see cref="On"/>, it runs inside the caller's connection and transaction (the planner's batch under its
/// advisory locks, a quiz submit that records answers with the completion).
/// </summary>
internal sealed partial class PostgresOutbox : IOutboxTransitions
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly NpgsqlConnection? _connection;
    private readonly NpgsqlTransaction? _transaction;

    public PostgresOutbox(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    private PostgresOutbox(NpgsqlConnection connection, NpgsqlTransaction? transaction) => (_connection, _transaction) = (connection, transaction);

    public static PostgresOutbox On(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) => new(connection, transaction);

    public Task<IReadOnlyList<OutboxLesson>> LessonsAsync(long[] sellerIds, CancellationToken cancellationToken) =>
        QueryAsync<OutboxLesson>("""
            SELECT id, seller_id, lesson_id, meeting_id, trigger, status, due_at, sent_at, completed_at, reason
            FROM deliveries
            WHERE seller_id = ANY(@SellerIds) AND kind = 'lesson' AND status IN ('planned', 'sending', 'sent', 'skipped')
            """, new { SellerIds = sellerIds }, cancellationToken);

    public Task<IReadOnlyList<OutboxQuickCheck>> QuickChecksAsync(long[] sellerIds, DateTimeOffset sentSince, CancellationToken cancellationToken) =>
        QueryAsync<OutboxQuickCheck>("""
            SELECT id, seller_id, question_id, meeting_id, status, due_at, sent_at, completed_at, reason, snoozed_until
            FROM deliveries
            WHERE seller_id = ANY(@SellerIds) AND kind = 'quick-check'
              AND (status IN ('planned', 'sending') OR (status = 'sent' AND sent_at >= @SentSince))
            """, new { SellerIds = sellerIds, SentSince = sentSince }, cancellationToken);

    public Task<long?> RequestLessonAsync(
        long sellerId, string lessonId, int version, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var planned = (await connection.QueryAsync<(long Id, string Reason)>(new CommandDefinition("""
                SELECT id, reason FROM deliveries
                WHERE seller_id = @SellerId AND lesson_id = @LessonId AND kind = 'lesson' AND status = 'planned'
                FOR UPDATE
                """, new { SellerId = sellerId, LessonId = lessonId }, transaction, cancellationToken: cancellationToken))).ToList();
            if (planned.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE deliveries d SET status = 'cancelled', reason = x.reason, updated_at = @Now
                    FROM unnest(@Ids, @Reasons) AS x(id, reason)
                    WHERE d.id = x.id AND d.status = 'planned'
                    """, new
                {
                    Ids = planned.Select(p => p.Id).ToArray(),
                    Reasons = planned.Select(p => DeliveryReasons.SentEarlierOnRequest(p.Reason)).ToArray(),
                    Now = now,
                }, transaction, cancellationToken: cancellationToken));
            }
            return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, created_at, updated_at)
                VALUES (@SellerId, 'lesson', 'user', @LessonId, @Version, 'planned', @Now, @Reason, @Now, @Now)
                ON CONFLICT DO NOTHING
                RETURNING id
                """, new { SellerId = sellerId, LessonId = lessonId, Version = version, Reason = reason, Now = now },
                transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    public Task<IReadOnlyList<DeliveryToSend>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken) =>
        QueryAsync<DeliveryToSend>("""
            UPDATE deliveries d
            SET status = 'sending', claimed_until = @LeaseEnd, attempts = d.attempts + 1, updated_at = @Now
            FROM (
                SELECT id FROM deliveries
                WHERE status = 'planned' AND due_at <= @Now
                ORDER BY due_at, id
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE d.id = due.id
            RETURNING d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.meeting_id, d.due_at, d.reason,
                      d.last_error IS NOT NULL AND d.sent_at IS NULL AS outcome_unknown
            """, new { Now = now, Limit = limit, LeaseEnd = now + lease }, cancellationToken);

    public async Task<DeliveryToSend?> ClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        (await QueryAsync<DeliveryToSend>("""
            UPDATE deliveries d
            SET status = 'sending', claimed_until = @LeaseEnd, attempts = d.attempts + 1, updated_at = @Now
            WHERE d.id = @Id AND d.status = 'planned'
            RETURNING d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.meeting_id, d.due_at, d.reason,
                      d.last_error IS NOT NULL AND d.sent_at IS NULL AS outcome_unknown
            """, new { Id = id, Now = now, LeaseEnd = now + lease }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<DeliveryToSend>> ClaimStuckAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken) =>
        QueryAsync<DeliveryToSend>("""
            UPDATE deliveries d
            SET claimed_until = @LeaseEnd, updated_at = @Now
            FROM (
                SELECT id FROM deliveries
                WHERE status = 'sending' AND claimed_until < @Now
                ORDER BY claimed_until, id
                LIMIT @Limit
                FOR UPDATE SKIP LOCKED
            ) stuck
            WHERE d.id = stuck.id
            RETURNING d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.meeting_id, d.due_at, d.reason,
                      d.last_error IS NOT NULL AND d.sent_at IS NULL AS outcome_unknown
            """, new { Now = now, Limit = limit, LeaseEnd = now + lease }, cancellationToken);

    public Task MarkSentAsync(long id, SentMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries
            SET status = 'sent', slack_channel = @Channel, slack_ts = @Ts, sent_at = @Now, claimed_until = NULL, last_error = NULL, updated_at = @Now
            WHERE id = @Id AND status = 'sending'
            """, new { Id = id, message.Channel, message.Ts, Now = now }, cancellationToken);

    public Task ReleaseAsync(long id, DateTimeOffset dueAt, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE deliveries
            SET status = 'planned', due_at = @DueAt, reason = @Reason, last_error = @Error, claimed_until = NULL, updated_at = @Now
            WHERE id = @Id AND status = 'sending'
            """, new { Id = id, DueAt = dueAt, Reason = reason, Error = error, Now = now }, cancellationToken);

    public Task FinishAsync(long id, DeliveryStatus status, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (status == DeliveryStatus.Skipped)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    DELETE FROM deliveries o USING deliveries d
                    WHERE d.id = @Id AND d.status = 'sending' AND o.id <> d.id AND o.status = 'skipped'
                      AND o.seller_id = d.seller_id AND o.lesson_id = d.lesson_id
                      AND (o.meeting_id = d.meeting_id OR (o.meeting_id IS NULL AND d.meeting_id IS NULL AND o.trigger = d.trigger))
                    """, new { Id = id }, transaction, cancellationToken: cancellationToken));
            }
            return await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE deliveries
                SET status = @Status, reason = @Reason, last_error = @Error, claimed_until = NULL, updated_at = @Now
                WHERE id = @Id AND status = 'sending'
                """, new { Id = id, Status = status, Reason = reason, Error = error, Now = now }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    public Task<int> AttemptsAsync(long id, CancellationToken cancellationToken) =>
        RunAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT attempts FROM deliveries WHERE id = @Id", new { Id = id }, _transaction, cancellationToken: cancellationToken)), cancellationToken);

    public async Task<bool> CompleteAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            UPDATE deliveries SET completed_at = @Now, updated_at = @Now
            WHERE id = @Id AND seller_id = @SellerId AND completed_at IS NULL AND status = 'sent'
            """, new { Id = id, SellerId = sellerId, Now = now }, cancellationToken) == 1;

    public Task<bool> SnoozeAsync(long id, long sellerId, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var reason = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
                SELECT reason FROM deliveries
                WHERE id = @Id AND seller_id = @SellerId AND status = 'sent' AND completed_at IS NULL
                FOR UPDATE
                """, new { Id = id, SellerId = sellerId }, transaction, cancellationToken: cancellationToken));
            if (reason is null)
                return false;
            return await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE deliveries
                SET status = 'planned', due_at = @Until, snoozed_until = @Until, reason = @Reason, updated_at = @Now
                WHERE id = @Id
                """, new { Id = id, Until = until, Reason = DeliveryReasons.Snoozed(reason), Now = now },
                transaction, cancellationToken: cancellationToken)) == 1;
        }, cancellationToken);

    public async Task<bool> ResumeAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            UPDATE deliveries d SET status = 'sent', snoozed_until = NULL, updated_at = @Now
            WHERE d.id = @Id AND d.seller_id = @SellerId AND d.snoozed_until IS NOT NULL AND d.sent_at IS NOT NULL
              AND (d.status = 'planned'
                   OR (d.status IN ('skipped', 'cancelled') AND NOT EXISTS (
                       SELECT 1 FROM deliveries o
                       WHERE o.seller_id = d.seller_id AND o.lesson_id = d.lesson_id AND o.kind = 'lesson' AND o.id <> d.id
                         AND o.status IN ('planned', 'sending', 'sent'))))
            """, new { Id = id, SellerId = sellerId, Now = now }, cancellationToken) == 1;

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<T>>(async connection => [.. await connection.QueryAsync<T>(
            new CommandDefinition(sql, parameters, _transaction, cancellationToken: cancellationToken))], cancellationToken);

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        RunAsync(connection => connection.ExecuteAsync(new CommandDefinition(sql, parameters, _transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_connection is not null)
            return await work(_connection);
        await using var connection = await _dataSource!.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Inside the caller's transaction when there is one, otherwise in a transaction of its own.</summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_connection is not null && _transaction is not null)
            return await work(_connection, _transaction);
        await using var owned = _connection is null ? await _dataSource!.OpenConnectionAsync(cancellationToken) : null;
        var connection = _connection ?? owned!;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
