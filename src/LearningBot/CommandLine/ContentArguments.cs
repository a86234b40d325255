using System.CommandLine;
using System.Globalization;
using LearningBot.Content;

namespace LearningBot.CommandLine;

/// <summary>What lint and import share: the directory argument and the attention budget, from --max-minutes or Content:MaxMinutes.</summary>
internal static class ContentArguments
{
    public static Argument<string> Directory() => new("directory")
    {
        Description = "The content directory: partners/*.yaml and lessons/**/*.md (the repository's seeds/ is an example).",
    };

    public static Option<decimal?> MaxMinutes() => new("--max-minutes")
    {
        Description = $"The attention budget: a lesson estimated above this many minutes is an error (default Content:MaxMinutes, else {ContentOptions.DefaultMaxMinutes}).",
    };

    /// <exception cref="ArgumentException">The budget is not a positive number.</exception>
    public static decimal ResolveMaxMinutes(decimal? option, IConfiguration configuration)
    {
        var setting = configuration[$"{ContentOptions.Section}:{nameof(ContentOptions.MaxMinutes)}"];
        decimal value;
        if (option is { } given)
            value = given;
        else if (setting is null)
            value = ContentOptions.DefaultMaxMinutes;
        else if (!decimal.TryParse(setting, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            throw new ArgumentException($"Content:MaxMinutes must be a number of minutes, such as 7; found \"{setting}\".");
        if (value is <= 0 or > 60)
            throw new ArgumentException("the attention budget must be above 0 and at most 60 minutes.");
        return value;
    }

    public static IConfiguration Configuration(IEnumerable<string> unmatchedTokens) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. unmatchedTokens])
            .Build();
}
