using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// The background side of the inbox: claims due rows with a lease (FOR UPDATE SKIP LOCKED, so several instances share the
/// work) and hands each to <see cref="InboxRowHandler"/>, at most <see cref="InboxOptions.MaxConcurrency"/> at a time.
/// Rows left in flight by a crash are taken over at once when their instance is gone (<see cref="DeadClaimWatch"/>), and
/// in any case when their lease runs out.
/// </summary>
internal sealed partial class InboxLoop : BackgroundService
{
    private readonly InboxStore _store;
    private readonly InboxRowHandler _handler;
    private readonly InFlightRows _inFlight;
    private readonly DeadClaimWatch _deadClaims;
    private readonly TimeProvider _time;
    private readonly InboxOptions _options;
    private readonly ILogger<InboxLoop> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _slots;

    public InboxLoop(InboxStore store, InboxRowHandler handler, InFlightRows inFlight, DeadClaimWatch deadClaims, TimeProvider time,
        IOptions<InboxOptions> options, ILogger<InboxLoop> logger)
    {
        _deadClaims = deadClaims;
        _store = store;
        _handler = handler;
        _inFlight = inFlight;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrency);
    }

    /// <summary>New rows were stored here: look now instead of at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                await _deadClaims.LookAsync(stoppingToken);
                claimed = await ClaimAndStartAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(_logger, e);
            }
            if (claimed > 0 && _slots.CurrentCount > 0)
                continue;
            await WaitForWorkAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _inFlight.StopAsync(cancellationToken);
    }

    private async Task<int> ClaimAndStartAsync(CancellationToken stoppingToken)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
            return 0;
        var claimedAt = _time.GetUtcNow();
        var rows = await _store.ClaimAsync(free, claimedAt, _options.Lease, stoppingToken);
        foreach (var row in rows)
            _inFlight.Track(row.Id, HandleInSlotAsync(row, claimedAt));
        return rows.Count;
    }

    private async Task HandleInSlotAsync(InboxRow row, DateTimeOffset claimedAt)
    {
        await _slots.WaitAsync(CancellationToken.None);
        try
        {
            await _handler.HandleAsync(row, ack: null, claimedAt);
        }
        finally
        {
            _slots.Release();
            Wake();
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(_options.PollInterval);
        try
        {
            await _wake.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException)
        {
            // the poll interval passed, or the inbox is stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not claim inbox rows; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
