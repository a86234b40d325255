using Microsoft.Extensions.Options;

namespace LearningBot.Content;

/// <summary>The Content section: the attention budget and where the starter library lives.</summary>
internal sealed class ContentOptions
{
    public const string Section = "Content";
    public const decimal DefaultMaxMinutes = 7m;

    /// <summary>A lesson estimated above this many minutes is refused by lint and import.</summary>
    public decimal MaxMinutes { get; set; } = DefaultMaxMinutes;

    /// <summary>The library serve imports into an empty database; when unset, the nearest seeds/ folder above the working or app directory.</summary>
    public string? SeedDirectory { get; set; }

    /// <summary>
    /// Whether serve imports the seed library (and the demo sellers, calendars and opportunities) into a database that has
    /// none yet. Off unless asked for, except in sandbox mode, which turns it on when it is not set.
    /// </summary>
    public bool SeedOnStart { get; set; }
}

internal sealed class ContentOptionsValidator : IValidateOptions<ContentOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentOptions options) =>
        options.MaxMinutes is > 0 and <= 60
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Content:MaxMinutes must be a number of minutes above 0 and at most 60, such as 7.");
}
