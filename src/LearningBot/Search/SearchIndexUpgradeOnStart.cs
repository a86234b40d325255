using Npgsql;

namespace LearningBot.Search;

/// <summary>
/// Brings search rows written by an older version up to date when serve starts (today: quiz text indexed as JSON), so
/// an upgrade needs no migration and no re-import. After the first start it finds nothing and costs one query.
/// </summary>
internal sealed partial class SearchIndexUpgradeOnStart(NpgsqlDataSource dataSource, ILogger<SearchIndexUpgradeOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var refreshed = await SearchIndex.RefreshJsonQuizTextAsync(connection, cancellationToken);
        if (refreshed > 0)
            LogRefreshed(refreshed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt the search rows of {Lessons} lessons whose quiz text was indexed as JSON")]
    private partial void LogRefreshed(int lessons);
}
