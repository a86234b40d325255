using LearningBot.Search;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LearningBot.Tests.Search;

public sealed class SearchAnswerCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly SearchChanges _changes = new();
    private int _computed;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private SearchAnswerCache<string> Cache(TimeSpan? ttl = null, int size = 100) =>
        new(_changes, Options.Create(new SearchOptions { AnswerCacheTtl = ttl ?? TimeSpan.FromMinutes(10), AnswerCacheSize = size }), _time);

    private Task<string> AskAsync(SearchAnswerCache<string> cache, string text, Action? whileComputing = null) =>
        cache.GetOrComputeAsync(text, _ =>
        {
            _computed++;
            whileComputing?.Invoke();
            return Task.FromResult($"{text} #{_computed}");
        }, Cancel);

    [Fact]
    public async Task The_same_text_is_answered_once_while_nothing_changes()
    {
        _changes.StartedListening();
        var cache = Cache();

        var first = await AskAsync(cache, "pricing");
        var second = await AskAsync(cache, "pricing");
        var other = await AskAsync(cache, "Pricing");

        Assert.Equal("pricing #1", first);
        Assert.Equal(first, second);
        Assert.Equal("Pricing #2", other);
    }

    [Fact]
    public async Task A_change_anywhere_makes_every_answer_computed_again()
    {
        _changes.StartedListening();
        var cache = Cache();
        await AskAsync(cache, "pricing");

        _changes.Changed();

        Assert.Equal("pricing #2", await AskAsync(cache, "pricing"));
        Assert.Equal("pricing #2", await AskAsync(cache, "pricing"));
    }

    [Fact]
    public async Task An_answer_computed_while_something_changed_is_not_kept()
    {
        _changes.StartedListening();
        var cache = Cache();

        await AskAsync(cache, "pricing", whileComputing: _changes.Changed);

        Assert.Equal("pricing #2", await AskAsync(cache, "pricing"));
    }

    [Fact]
    public async Task Nothing_is_cached_until_change_notices_are_heard_nor_after_they_stop()
    {
        var cache = Cache();
        await AskAsync(cache, "pricing");
        Assert.Equal("pricing #2", await AskAsync(cache, "pricing"));

        _changes.StartedListening();
        await AskAsync(cache, "pricing");
        _changes.StoppedListening();

        Assert.Equal("pricing #4", await AskAsync(cache, "pricing"));
    }

    [Fact]
    public async Task An_answer_expires_after_the_time_to_live_and_zero_turns_the_cache_off()
    {
        _changes.StartedListening();
        var cache = Cache(TimeSpan.FromMinutes(5));
        await AskAsync(cache, "pricing");

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("pricing #1", await AskAsync(cache, "pricing"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("pricing #2", await AskAsync(cache, "pricing"));

        var off = Cache(TimeSpan.Zero);
        await AskAsync(off, "pricing");
        Assert.Equal("pricing #4", await AskAsync(off, "pricing"));
        Assert.Equal(0, off.Count);
    }

    [Fact]
    public async Task A_full_cache_drops_its_oldest_half()
    {
        _changes.StartedListening();
        var cache = Cache(size: 4);
        foreach (var text in new[] { "a", "b", "c", "d" })
        {
            await AskAsync(cache, text);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await AskAsync(cache, "e");

        Assert.Equal(3, cache.Count);
        Assert.Equal("a #6", await AskAsync(cache, "a"));
        Assert.Equal("d #4", await AskAsync(cache, "d"));
    }

    [Fact]
    public void A_negative_time_to_live_or_an_empty_cache_is_refused_at_start_naming_the_setting()
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions { AnswerCacheTtl = TimeSpan.FromSeconds(-1), AnswerCacheSize = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Search:AnswerCacheTtl", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Search:AnswerCacheSize", result.FailureMessage, StringComparison.Ordinal);
    }
}
