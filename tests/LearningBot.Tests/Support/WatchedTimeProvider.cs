using Microsoft.Extensions.Time.Testing;

namespace LearningBot.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that lets a test wait until code under test has started a timer, so that
/// advancing the clock cannot race ahead of the delay it means to end.</summary>
public sealed class WatchedTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _started = [];
    private readonly Lock _gate = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
            _started.Add(dueTime);
        return timer;
    }

    /// <summary>Due times of every timer started so far.</summary>
    public IReadOnlyList<TimeSpan> StartedTimers
    {
        get
        {
            lock (_gate)
                return [.. _started];
        }
    }

    /// <summary>Waits (in real time, bounded) for a timer whose due time matches, and returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = StartedTimers.Where(match).ToList();
            if (found.Count > 0)
                return found[^1];
            await Task.Delay(10, timeout.Token);
        }
    }
}
