using System.Collections.Concurrent;

namespace LearningBot.SlackEmulator;

/// <summary>One scripted failure: an HTTP status (429 with Retry-After, 5xx) or a Slack error code with ok:false.</summary>
public sealed record Fault(int Status, string? Error, TimeSpan? RetryAfter, TimeSpan? Delay = null);

/// <summary>Scripted failures for the next calls of a Web API method, consumed in order.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Every, Fault Fault)> _recurring = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private volatile Outage? _outage;

    private sealed record Outage(Func<bool> Ongoing, Fault Fault);

    /// <summary>The next <paramref name="times"/> calls get 429 with <c>Retry-After</c> and body error <c>ratelimited</c>.</summary>
    public FaultPlan RateLimit(string method, TimeSpan retryAfter, int times = 1) => Add(method, new Fault(429, "ratelimited", retryAfter), times);

    /// <summary>The next calls get a bare HTTP server error.</summary>
    public FaultPlan ServerError(string method, int status = 503, int times = 1) => Add(method, new Fault(status, null, null), times);

    /// <summary>The next calls get 200 with <c>{"ok":false,"error":…}</c>, such as <c>account_inactive</c>.</summary>
    public FaultPlan Error(string method, string error, int times = 1) => Add(method, new Fault(200, error, null), times);

    /// <summary>The next calls are answered normally but only after <paramref name="delay"/>; dropped if the caller hangs up first.</summary>
    public FaultPlan Slow(string method, TimeSpan delay, int times = 1) => Add(method, new Fault(200, null, null, delay), times);

    /// <summary>From now on every <paramref name="every"/>-th call gets 429 (every = 10 is 10% of the calls), after any scripted faults.</summary>
    public FaultPlan RateLimitEvery(string method, int every, TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        _recurring[method] = (every, new Fault(429, "ratelimited", retryAfter));
        return this;
    }

    /// <summary>Every call of every method gets a bare HTTP <paramref name="status"/> for as long as <paramref name="ongoing"/> says.</summary>
    public FaultPlan Down(Func<bool> ongoing, int status = 500)
    {
        _outage = new Outage(ongoing, new Fault(status, null, null));
        return this;
    }

    public bool TryTake(string method, out Fault fault)
    {
        fault = null!;
        if (_outage is { } outage && outage.Ongoing())
        {
            fault = outage.Fault;
            return true;
        }
        if (_faults.TryGetValue(method, out var queue) && queue.TryDequeue(out fault!))
            return true;
        if (!_recurring.TryGetValue(method, out var recurring))
            return false;
        if (_calls.AddOrUpdate(method, 1, (_, n) => n + 1) % recurring.Every != 0)
            return false;
        fault = recurring.Fault;
        return true;
    }

    private FaultPlan Add(string method, Fault fault, int times)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<Fault>());
        for (var i = 0; i < times; i++)
            queue.Enqueue(fault);
        return this;
    }
}
