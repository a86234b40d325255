using Npgsql;

namespace LearningBot.Tests.Support;

/// <summary>A migrated database of its own for one test class; use as IClassFixture.</summary>
public sealed class TestDatabase(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialised yet.");

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }
}
