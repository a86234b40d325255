using LearningBot.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LearningBot.Benchmarks;

/// <summary>A fresh, migrated database: on LEARNINGBOT_BENCH_DATABASE's server, or in a throwaway local cluster.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly LocalPostgres? _cluster;
    private readonly string _server;
    private readonly string _name = "lb_bench_" + Guid.NewGuid().ToString("N")[..8];

    private BenchmarkDatabase(LocalPostgres? cluster, string server)
    {
        _cluster = cluster;
        _server = server;
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

    public static async Task<BenchmarkDatabase> CreateAsync()
    {
        DatabaseFeature.ConfigureDapper();
        var configured = Environment.GetEnvironmentVariable("LEARNINGBOT_BENCH_DATABASE");
        var cluster = string.IsNullOrWhiteSpace(configured) ? await LocalPostgres.StartThrowawayAsync(NullLogger.Instance, CancellationToken.None) : null;
        var database = new BenchmarkDatabase(cluster, configured ?? cluster!.ConnectionString("postgres"));
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database._server) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new Migrator(dataSource, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("LEARNINGBOT_BENCH_KEEP") == "1" && _cluster is null)
        {
            Console.WriteLine($"kept database {_name}");
            return;
        }
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
