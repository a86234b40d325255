using Dapper;
using LearningBot.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class LocalPostgresTests
{
    [Fact]
    public async Task A_second_start_reuses_the_data_of_the_first_and_stopping_leaves_no_server_running()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lbt-local-" + Guid.NewGuid().ToString("N")[..8]);
        var dataDirectory = Path.Combine(folder, "postgres");
        var cancellation = TestContext.Current.CancellationToken;
        try
        {
            await using (var first = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation))
            {
                await first.EnsureDatabaseAsync("keepme", cancellation);
                await using var connection = new NpgsqlConnection(first.ConnectionString("keepme") + ";Pooling=false");
                await connection.ExecuteAsync("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
            }
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the first cluster should be stopped");

            await using (var second = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation))
            {
                await using var connection = new NpgsqlConnection(second.ConnectionString("keepme") + ";Pooling=false");
                Assert.Equal(42, await connection.ExecuteScalarAsync<int>("SELECT id FROM kept"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
