using Dapper;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>How many sellers' calendar feeds are failing right now (each keeps its reason for App Home).</summary>
internal static class FeedHealth
{
    public static Task<long> CountFailingAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM sellers WHERE calendar_url IS NOT NULL AND calendar_failing_since IS NOT NULL",
            cancellationToken: cancellationToken));
}
