using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>Planned deliveries whose moment has come, and those still waiting long after it (the dispatcher is behind).</summary>
internal sealed record OutboxBacklogSample(long Due, long Overdue);

internal static class OutboxBacklog
{
    public static async Task<OutboxBacklogSample> SampleAsync(
        NpgsqlConnection connection, DateTimeOffset now, TimeSpan overdueAfter, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<OutboxBacklogSample>(new CommandDefinition("""
            SELECT count(*) AS due,
                   count(*) FILTER (WHERE due_at <= @OverdueBefore) AS overdue
            FROM deliveries
            WHERE status = 'planned' AND due_at <= @Now
            """, new { Now = now, OverdueBefore = now - overdueAfter }, cancellationToken: cancellationToken));
}
