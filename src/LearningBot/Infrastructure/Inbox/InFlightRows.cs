using System.Collections.Concurrent;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>Rows this instance is handling, in the background or for an ack: shutdown cancels their handlers and waits for their bookkeeping.</summary>
internal sealed class InFlightRows : IDisposable
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the inbox stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Track(long id, Task work)
    {
        _running[id] = work;
        work.ContinueWith(_ => _running.TryRemove(id, out var _), TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();
}
