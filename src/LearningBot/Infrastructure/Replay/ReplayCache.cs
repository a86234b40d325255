using Dapper;
using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Receiving;
using Npgsql;

namespace LearningBot.Infrastructure.Replay;

/// <summary>
/// Every statement on seen_signatures. In PostgreSQL rather than in memory, so a request replayed to another instance is
/// refused too. A signature is one indexed insert on the hot path.
/// </summary>
internal sealed class ReplayCache([FromKeyedServices(DatabaseFeature.InboxPool)] NpgsqlDataSource dataSource) : IReplayGuard
{
    /// <summary>
    /// A request is accepted from five minutes before its timestamp to five after, so a signature first seen at the start
    /// of that span must be remembered for both windows; the margin covers clocks that differ between instances.
    /// </summary>
    public static readonly TimeSpan KeepFor = 2 * SlackSignature.Window + TimeSpan.FromMinutes(5);

    private const string InsertSql = """
        INSERT INTO seen_signatures (signature, seen_at) VALUES (@signature, @now)
        ON CONFLICT (signature) DO NOTHING
        """;

    /// <summary>
    /// Commits without waiting for the disk: the inbox row the request then stores is committed with a flush, which writes
    /// this earlier record too, so every acked request's signature is durable; only a request that was never acked can
    /// lose its signature in a crash.
    /// </summary>
    public async Task<bool> FirstTimeAsync(string signature, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertSql) { Parameters = { new("signature", signature), new("now", now) } },
                new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[0].RecordsAffected == 1;
    }

    /// <summary>The same inside a writer's transaction: the signature is remembered only if that write commits, and a
    /// concurrent copy of the same request waits for it and then sees the replay.</summary>
    public async Task<bool> FirstTimeAsync(string signature, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertSql, new { signature, now }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<int> DeleteSeenBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM seen_signatures WHERE seen_at < @before
            """, new { before }, cancellationToken: cancellationToken));
    }
}
