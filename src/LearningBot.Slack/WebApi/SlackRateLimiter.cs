using System.Threading.RateLimiting;

namespace LearningBot.Slack.WebApi;

/// <summary>Paces calls per key (workspace × method, or × channel for chat.postMessage) on the injected clock
/// (https://docs.slack.dev/apis/web-api/rate-limits).</summary>
/// <remarks>A generic cell rate algorithm: each key keeps the time its next permit is due. Callers within the burst pass
/// at once, later ones wait their turn, and one that would wait past <c>maxWait</c> is refused without taking a turn.
/// System.Threading.RateLimiting's own limiters run on real timers, which tests cannot drive.</remarks>
internal sealed class SlackRateLimiter(TimeProvider time, TimeSpan maxWait)
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<string, DateTimeOffset> _nextDue = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async ValueTask<RateLimitLease> AcquireAsync(string key, MethodRate rate, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var due = _nextDue.TryGetValue(key, out var d) && d > now ? d : now;
            var allowedAt = due - rate.Interval * (rate.Burst - 1);
            wait = allowedAt > now ? allowedAt - now : TimeSpan.Zero;
            if (wait > maxWait)
                return new Lease(false, wait);
            if (_nextDue.Count >= PruneThreshold)
                Prune(now);
            _nextDue[key] = due + rate.Interval;
        }

        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        return new Lease(true, null);
    }

    /// <summary>A key whose next permit is already due behaves exactly like a key never seen, so it can go.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, due) in _nextDue)
            if (due <= now)
                _nextDue.Remove(key);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } r && metadataName == MetadataName.RetryAfter.Name ? r : null;
            return metadata is not null;
        }
    }
}
