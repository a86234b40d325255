using Dapper;
using Npgsql;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// This instance's id on the inbox rows it claims, and the session-level advisory lock on that id that tells the other
/// instances it is alive: PostgreSQL drops the lock when the session ends, also after kill -9, so a claim whose owner's
/// lock is free belongs to nobody and is taken over at once (<see cref="DeadClaimWatch"/>) instead of after its lease.
/// </summary>
internal sealed partial class InboxInstance(NpgsqlDataSource dataSource, ILogger<InboxInstance> logger) : IAsyncDisposable
{
    /// <summary>The first key of the two-key advisory locks the instances hold ("INBX"); the second is the instance id.</summary>
    public const int LockSpace = 0x494E4258;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _session;

    public int Id { get; } = Random.Shared.Next(1, int.MaxValue);

    /// <summary>
    /// Makes sure this instance holds its lock, opening a new session when the old one was lost (a database restart ends
    /// it); false while that is not possible, and then this instance judges no one else's claims either.
    /// </summary>
    public async Task<bool> HoldLockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_session is not null)
            {
                try
                {
                    await _session.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
                    return true;
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    await _session.DisposeAsync();
                    _session = null;
                }
            }
            var session = await dataSource.OpenConnectionAsync(cancellationToken);
            var locked = await session.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@space, @id)", new { space = LockSpace, id = Id }, cancellationToken: cancellationToken));
            if (!locked)
            {
                // Our previous session has not ended on the server yet; try again at the next look.
                await session.DisposeAsync();
                return false;
            }
            _session = session;
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogLockUnavailable(logger, e);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Back in the pool the session is reset (DISCARD ALL), which gives the lock up.
        if (_session is not null)
            await _session.DisposeAsync();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take this instance's inbox lock; claims of stopped instances wait for their lease meanwhile")]
    private static partial void LogLockUnavailable(ILogger logger, Exception exception);
}
