using Dapper;
using Npgsql;

namespace LearningBot.Tests.Support;

public static class DataSourceQueries
{
    /// <summary>One value from the test database; a query that yields none fails the test.</summary>
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"no value from: {sql}");
    }
}
