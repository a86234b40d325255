using Npgsql;

namespace LearningBot.Search;

/// <summary>
/// Holds one connection that listens for <c>search_changed</c> (sent by the triggers of migration 0008 at every commit
/// that touches what search reads) and moves <see cref="SearchChanges"/> on for each. While the connection is down,
/// nothing is cached, and it is opened again after a pause.
/// </summary>
internal sealed partial class SearchChangeListener(NpgsqlDataSource dataSource, SearchChanges changes, TimeProvider time, ILogger<SearchChangeListener> logger)
    : BackgroundService
{
    public const string Channel = "search_changed";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    /// <summary>A quiet connection is checked this often, so a dead one is noticed even when no notice would come.</summary>
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                changes.StoppedListening();
                LogLost(e.Message);
                try
                {
                    await Task.Delay(Reconnect, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        changes.StoppedListening();
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, _) => changes.Changed();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        changes.StartedListening();
        while (true)
        {
            if (!await connection.WaitAsync(Check, stoppingToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search change notices stopped ({Reason}); searches are not cached until they resume")]
    private partial void LogLost(string reason);
}
