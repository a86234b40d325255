using Dapper;
using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Receiving;
using Npgsql;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>A row handed to the processor.</summary>
/// <param name="Attempts">Every try so far, this one included.</param>
/// <param name="UncountedAttempts">Tries that do not count against <see cref="InboxOptions.MaxAttempts"/>.</param>
/// <param name="ReceivedAt">When Slack sent it (UTC); null for a request being answered in its ack, received just now.</param>
/// <param name="TraceParent">The W3C traceparent of the request that stored the row, when it was traced.</param>
internal sealed record InboxRow(
    long Id, string Kind, string Body, int Attempts, string? TraceParent = null, int UncountedAttempts = 0, DateTime? ReceivedAt = null)
{
    public InboxKind InboxKind => InboxStore.ParseKind(Kind);

    public int CountedAttempts => Attempts - UncountedAttempts;
}

/// <summary>The state a request is stored in: waiting for the background loop, or claimed by the request answering it inline.</summary>
internal enum InsertState
{
    Pending,
    Claimed,
}

/// <summary>One request waiting to be stored.</summary>
internal sealed record InboxInsert(InboxRequest Request, DateTimeOffset ReceivedAt, InsertState State, string? TraceParent = null);

/// <summary>
/// Every statement on the inbox table. It runs on the inbox's own pool with automatic preparation, because the same few
/// statements run thousands of times a second under load and planning them each time would cost more than running them.
/// </summary>
/// <param name="instance">Who claims rows here (null: claims carry no owner and wait out their lease after a crash).</param>
internal sealed class InboxStore([FromKeyedServices(DatabaseFeature.InboxPool)] NpgsqlDataSource dataSource, InboxInstance? instance = null)
{
    private int? ClaimedBy => instance?.Id;


    /// <summary>
    /// Stores a batch of requests (skipping dedupe keys already there, also within the batch, but for clicks repeated long
    /// after the first) and marks finished rows done, in one round trip and one commit. Returns the ids of the rows stored
    /// now, by dedupe key.
    /// </summary>
    public async Task<Dictionary<string, long>> WriteBatchAsync(
        IReadOnlyList<InboxInsert> inserts, IReadOnlyList<long> doneIds, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (inserts.Count == 0)
        {
            if (doneIds.Count > 0)
                await connection.ExecuteAsync(new CommandDefinition(DoneSql, new { now, done_ids = doneIds.ToArray() }, cancellationToken: cancellationToken));
            return [];
        }

        // Both statements go in one round trip and so commit together; a batch with nothing to mark done runs the insert alone.
        var sql = doneIds.Count > 0 ? InsertSql + ";\n" + DoneSql : InsertSql;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            now,
            lease,
            kinds = inserts.Select(i => KindName(i.Request.Kind)).ToArray(),
            keys = inserts.Select(i => i.Request.DedupeKey).ToArray(),
            teams = inserts.Select(i => i.Request.TeamId).ToArray(),
            content_types = inserts.Select(i => i.Request.ContentType).ToArray(),
            bodies = inserts.Select(i => i.Request.Body).ToArray(),
            statuses = inserts.Select(i => i.State == InsertState.Claimed ? "processing" : "pending").ToArray(),
            received_at = inserts.Select(i => i.ReceivedAt.UtcDateTime).ToArray(),
            trace_parents = inserts.Select(i => i.TraceParent).ToArray(),
            repeats_after = ClickRepeatsAfter,
            done_ids = doneIds.ToArray(),
            claimed_by = ClaimedBy,
        }, cancellationToken: cancellationToken));
        return (await results.ReadAsync<(string DedupeKey, long Id)>()).ToDictionary(r => r.DedupeKey, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// A click repeated this long after the first was handled is a new request (Discuss or Start again tomorrow), not a double
    /// click; Slack does not retry interactions, so nothing else brings the same key back.
    /// </summary>
    public static readonly TimeSpan ClickRepeatsAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Inserts what is new; an interaction whose key belongs to a row handled more than <see cref="ClickRepeatsAfter"/> before
    /// takes that row over instead, as a fresh request. Both come back with their row ids; everything else is a duplicate.
    /// </summary>
    private const string InsertSql = """
        WITH incoming AS (
            SELECT kind, dedupe_key, team_id, content_type, body, status, received_at, trace_parent,
                   CASE WHEN status = 'pending' THEN 0 ELSE 1 END AS attempts,
                   CASE WHEN status = 'processing' THEN @now + @lease END AS locked_until,
                   CASE WHEN status = 'processing' THEN @claimed_by::integer END AS claimed_by,
                   NULL::timestamptz AS processed_at
            FROM unnest(@kinds, @keys, @teams, @content_types, @bodies, @statuses, @received_at, @trace_parents::text[])
                 AS incoming (kind, dedupe_key, team_id, content_type, body, status, received_at, trace_parent)
        ), inserted AS (
            INSERT INTO inbox (kind, dedupe_key, team_id, content_type, body, status, attempts, locked_until, claimed_by, received_at, processed_at, trace_parent)
            SELECT kind, dedupe_key, team_id, content_type, body, status, attempts, locked_until, claimed_by, received_at, processed_at, trace_parent
            FROM incoming
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING dedupe_key, id
        ), repeated AS (
            UPDATE inbox AS i
            SET team_id = n.team_id, content_type = n.content_type, body = n.body, status = n.status, attempts = n.attempts,
                locked_until = n.locked_until, claimed_by = n.claimed_by, received_at = n.received_at, processed_at = n.processed_at, error = NULL,
                trace_parent = n.trace_parent, uncounted_attempts = 0
            FROM incoming AS n
            WHERE n.kind = 'interaction' AND i.dedupe_key = n.dedupe_key
              AND i.status IN ('done', 'failed') AND i.received_at < n.received_at - @repeats_after
            RETURNING i.dedupe_key, i.id
        )
        SELECT dedupe_key, id FROM inserted
        UNION ALL
        SELECT dedupe_key, id FROM repeated
        """;

    private const string DoneSql = """
        UPDATE inbox
        SET status = 'done', processed_at = @now, locked_until = NULL, error = NULL
        WHERE id = ANY(@done_ids)
        """;

    /// <summary>Takes up to <paramref name="limit"/> due rows for this instance; rows another instance holds are skipped, not waited for.</summary>
    public async Task<IReadOnlyList<InboxRow>> ClaimAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE inbox AS i
            SET status = 'processing', attempts = i.attempts + 1, locked_until = @now + @lease, claimed_by = @claimed_by
            FROM (
                SELECT id FROM inbox
                WHERE status IN ('pending', 'processing') AND (locked_until IS NULL OR locked_until <= @now)
                ORDER BY received_at, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ) AS due
            WHERE i.id = due.id
            RETURNING i.id, i.kind, i.body, i.attempts, i.trace_parent, i.uncounted_attempts AS UncountedAttempts, i.received_at AS ReceivedAt
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<InboxRow>(new CommandDefinition(sql, new { limit, now, lease, claimed_by = ClaimedBy }, cancellationToken: cancellationToken));
        return [.. rows.OrderBy(r => r.Id)];
    }

    /// <summary>Whether the instance that claimed row <c>i</c> holds no advisory lock on its id in this database: it stopped.</summary>
    private const string OwnerHasNoLock = """
        NOT EXISTS (
            SELECT 1 FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.classid = @space::oid AND l.objid = i.claimed_by::oid
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
        """;

    /// <summary>The other instances that hold rows under a running lease but no lock on their id.</summary>
    public async Task<IReadOnlySet<int>> OwnersWithoutLockAsync(int me, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT DISTINCT i.claimed_by
            FROM inbox AS i
            WHERE i.status = 'processing' AND i.locked_until > @now AND i.claimed_by <> @me AND {OwnerHasNoLock}
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var owners = await connection.QueryAsync<int>(new CommandDefinition(sql, new { me, now, space = InboxInstance.LockSpace }, cancellationToken: cancellationToken));
        return owners.ToHashSet();
    }

    /// <summary>Ends the leases these stopped instances still hold, so the next claim takes their rows; returns how many.</summary>
    public async Task<int> FreeClaimsOfAsync(IReadOnlyCollection<int> owners, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE inbox AS i SET locked_until = @now
            WHERE i.status = 'processing' AND i.locked_until > @now AND i.claimed_by = ANY(@owners) AND {OwnerHasNoLock}
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { owners = owners.ToArray(), now, space = InboxInstance.LockSpace }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Puts a row back for another attempt after <paramref name="retryAt"/>, keeping the reason; an attempt that is not
    /// <paramref name="counted"/> does not bring the row closer to <see cref="InboxOptions.MaxAttempts"/>.
    /// </summary>
    public async Task RetryLaterAsync(long id, string error, DateTimeOffset retryAt, bool counted, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE inbox
            SET status = 'pending', locked_until = @retry_at, error = @error,
                uncounted_attempts = uncounted_attempts + CASE WHEN @counted THEN 0 ELSE 1 END
            WHERE id = @id AND status = 'processing'
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, error, retry_at = retryAt, counted }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Puts failed rows (all, or the one with <paramref name="id"/>) back to pending with a fresh set of attempts; returns how
    /// many. Their attempt number keeps growing, so a handler still checks whether an earlier try already answered.
    /// </summary>
    public async Task<int> RetryFailedAsync(long? id, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE inbox
            SET status = 'pending', uncounted_attempts = attempts, locked_until = NULL, claimed_by = NULL, processed_at = NULL
            WHERE status = 'failed' AND (@id::bigint IS NULL OR id = @id)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>How many rows failed for good and wait to be looked into or re-driven.</summary>
    public async Task<long> CountFailedAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT count(*) FROM inbox WHERE status = 'failed'";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    /// <summary>Gives up on a row for good, with the reason.</summary>
    public async Task FailAsync(long id, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE inbox SET status = 'failed', error = @error, processed_at = @now, locked_until = NULL
            WHERE id = @id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, error, now }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Deletes done and failed rows received before <paramref name="before"/>, a few thousand per statement so no statement
    /// holds locks or builds WAL for long; returns how many went.
    /// </summary>
    public async Task<long> DeleteHandledBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        const string sql = """
            DELETE FROM inbox
            WHERE id IN (
                SELECT id FROM inbox
                WHERE status IN ('done', 'failed') AND received_at < @before
                ORDER BY id
                LIMIT @chunk
            )
            """;
        const int chunk = 5000;
        long total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(sql, new { before, chunk }, cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < chunk)
                return total;
        }
    }

    public static string KindName(InboxKind kind) => kind switch
    {
        InboxKind.Event => "event",
        InboxKind.Command => "command",
        _ => "interaction",
    };

    public static InboxKind ParseKind(string kind) => kind switch
    {
        "event" => InboxKind.Event,
        "command" => InboxKind.Command,
        _ => InboxKind.Interaction,
    };
}
