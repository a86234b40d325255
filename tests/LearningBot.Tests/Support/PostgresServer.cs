using Dapper;
using LearningBot.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

[assembly: AssemblyFixture(typeof(LearningBot.Tests.Support.PostgresServer))]

namespace LearningBot.Tests.Support;

/// <summary>
/// One PostgreSQL server per test run: the one LEARNINGBOT_TEST_DATABASE names, or a throwaway cluster
/// started from the machine's binaries. Test classes get their own databases, cloned from a migrated template.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "LEARNINGBOT_TEST_DATABASE";

    private readonly string _prefix = $"lbt_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
    private readonly List<string> _databases = [];
    private LocalPostgres? _cluster;
    private string _server = "";
    private int _counter;

    private string Template => _prefix + "_template";

    public async ValueTask InitializeAsync()
    {
        DatabaseFeature.ConfigureDapper();
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            _cluster = await LocalPostgres.StartThrowawayAsync(NullLogger.Instance, CancellationToken.None);
            _server = _cluster.ConnectionString("postgres");
        }
        else
        {
            _server = configured;
        }

        await ExecuteAsync($"CREATE DATABASE \"{Template}\"");
        var template = ConnectionStringFor(Template, pooling: false);
        await using (var dataSource = NpgsqlDataSource.Create(template))
            await new Migrator(dataSource, new FakeTimeProvider(), NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    /// <summary>A new database with the whole schema applied, cloned from the template (fast).</summary>
    public Task<string> CreateDatabaseAsync() => CreateAsync($"TEMPLATE \"{Template}\"");

    /// <summary>A new database with no schema at all, for migration tests.</summary>
    public Task<string> CreateEmptyDatabaseAsync() => CreateAsync("TEMPLATE template0");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var database in _databases.Append(Template))
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    private async Task<string> CreateAsync(string source)
    {
        var name = $"{_prefix}_{Interlocked.Increment(ref _counter)}";
        lock (_databases)
            _databases.Add(name);
        await ExecuteAsync($"CREATE DATABASE \"{name}\" {source}");
        return ConnectionStringFor(name, pooling: true);
    }

    private string ConnectionStringFor(string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder(_server) { Database = database, Pooling = pooling }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}
