using Dapper;
using Npgsql;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>How far the inbox is behind: rows waiting or being handled, the age of the oldest, and rows that gave up.</summary>
internal sealed record InboxBacklogSample(long Waiting, double OldestAgeSeconds, long Failed);

internal static class InboxBacklog
{
    public static async Task<InboxBacklogSample> SampleAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<InboxBacklogSample>(new CommandDefinition("""
            SELECT count(*) FILTER (WHERE status IN ('pending', 'processing')) AS waiting,
                   coalesce(extract(epoch FROM @Now - min(received_at) FILTER (WHERE status IN ('pending', 'processing'))), 0)::float8
                       AS oldest_age_seconds,
                   count(*) FILTER (WHERE status = 'failed') AS failed
            FROM inbox
            WHERE status IN ('pending', 'processing', 'failed')
            """, new { Now = now }, cancellationToken: cancellationToken));
}
