using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LearningBot.Search;

/// <summary>
/// The answers to recent searches, by the exact text searched. An answer is reused only while nothing it is made of has
/// changed since it was computed (<see cref="SearchChanges"/>) and for at most the configured time; an answer computed
/// while a change happened is not kept. Sellers in one team look up the same few things before the same meetings, and a
/// cached answer costs no database work at all.
/// </summary>
internal sealed class SearchAnswerCache<TAnswer>(SearchChanges changes, IOptions<SearchOptions> options, TimeProvider time)
    where TAnswer : class
{
    private sealed record Entry(TAnswer Answer, long Generation, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public async Task<TAnswer> GetOrComputeAsync(string text, Func<CancellationToken, Task<TAnswer>> compute, CancellationToken cancellationToken)
    {
        var ttl = options.Value.AnswerCacheTtl;
        if (ttl <= TimeSpan.Zero || !changes.Listening)
            return await compute(cancellationToken);

        var generation = changes.Generation;
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(text, out var entry) && entry.Generation == generation && entry.Expires > now)
            return entry.Answer;

        var answer = await compute(cancellationToken);
        if (changes.Listening && changes.Generation == generation)
        {
            if (_entries.Count >= options.Value.AnswerCacheSize)
                DropOldestHalf();
            _entries[text] = new Entry(answer, generation, now + ttl);
        }
        return answer;
    }

    private void DropOldestHalf()
    {
        foreach (var (key, _) in _entries.OrderBy(e => e.Value.Expires).Take(Math.Max(1, _entries.Count / 2)))
            _entries.TryRemove(key, out _);
    }
}
