using Microsoft.Extensions.Options;

namespace LearningBot.Search;

/// <summary>How /learn search answers are kept in memory between changes to the index.</summary>
internal sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The longest a cached answer is used, even when no change notice came; zero turns the cache off.</summary>
    public TimeSpan AnswerCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most distinct queries kept; when full, the oldest half is dropped.</summary>
    public int AnswerCacheSize { get; set; } = 2000;
}

internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var errors = new List<string>();
        if (options.AnswerCacheTtl < TimeSpan.Zero)
            errors.Add($"{SearchOptions.Section}:{nameof(SearchOptions.AnswerCacheTtl)} must not be negative (0 turns the cache off).");
        if (options.AnswerCacheSize < 1)
            errors.Add($"{SearchOptions.Section}:{nameof(SearchOptions.AnswerCacheSize)} must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
