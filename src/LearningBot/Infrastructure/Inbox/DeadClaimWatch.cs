namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Frees the claims of instances that stopped (their advisory lock is free) so the next claim takes those rows at once.
/// An owner must be seen without its lock twice, a look apart, before its rows are taken: a live instance that lost its
/// session (the database restarted) gets the time to take its lock again.
/// </summary>
internal sealed partial class DeadClaimWatch(InboxStore store, InboxInstance instance, TimeProvider time, ILogger<DeadClaimWatch> logger)
{
    /// <summary>How often to look, at most.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private IReadOnlySet<int> _seenDead = new HashSet<int>();
    private DateTimeOffset _nextLook = DateTimeOffset.MinValue;

    /// <summary>Looks when the interval has passed; returns how many rows were freed.</summary>
    public async Task<int> LookAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextLook)
            return 0;
        _nextLook = now + Interval;
        if (!await instance.HoldLockAsync(cancellationToken))
        {
            _seenDead = new HashSet<int>();
            return 0;
        }
        var dead = await store.OwnersWithoutLockAsync(instance.Id, now, cancellationToken);
        var confirmed = dead.Where(_seenDead.Contains).ToArray();
        _seenDead = dead;
        if (confirmed.Length == 0)
            return 0;
        var freed = await store.FreeClaimsOfAsync(confirmed, now, cancellationToken);
        if (freed > 0)
            LogFreed(logger, freed, confirmed.Length);
        return freed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Rows} inbox rows claimed by {Instances} stopped instances")]
    private static partial void LogFreed(ILogger logger, int rows, int instances);
}
