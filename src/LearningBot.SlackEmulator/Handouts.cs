using System.Collections.Concurrent;

namespace LearningBot.SlackEmulator;

/// <summary>The response URLs and triggers the emulator handed out.</summary>
public sealed class Handouts(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ResponseUrl> _responseUrls = new();
    private readonly ConcurrentDictionary<string, Trigger> _triggers = new();
    private long _counter;

    public ResponseUrl IssueResponseUrl(string channel, string user, string? sourceMessageTs = null)
    {
        var id = $"R{Interlocked.Increment(ref _counter)}x{Guid.NewGuid():N}";
        var url = new ResponseUrl { Id = id, Channel = channel, User = user, IssuedAt = time.GetUtcNow(), SourceMessageTs = sourceMessageTs };
        _responseUrls[id] = url;
        return url;
    }

    public ResponseUrl? FindResponseUrl(string id) => _responseUrls.GetValueOrDefault(id);

    public Trigger IssueTrigger(string user, int stackDepth = 0)
    {
        var n = Interlocked.Increment(ref _counter);
        var trigger = new Trigger { Id = $"{n}.{time.GetUtcNow().ToUnixTimeSeconds()}.{Guid.NewGuid():N}", User = user, IssuedAt = time.GetUtcNow(), StackDepth = stackDepth };
        _triggers[trigger.Id] = trigger;
        return trigger;
    }

    /// <summary>Slack's checks on a trigger: unknown, already used, or older than 3 s; null when it is fine (and now used).</summary>
    public string? Exchange(string? triggerId, out Trigger? trigger)
    {
        trigger = null;
        if (triggerId is null || !_triggers.TryGetValue(triggerId, out var found))
            return "invalid_trigger_id";
        lock (found)
        {
            if (found.Exchanged)
                return "exchanged_trigger_id";
            if (time.GetUtcNow() - found.IssuedAt > Trigger.Lifetime)
                return "expired_trigger_id";
            found.Exchanged = true;
        }
        trigger = found;
        return null;
    }
}
