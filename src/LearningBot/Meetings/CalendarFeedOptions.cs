using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>How sellers' secret calendar addresses are polled (every 15 minutes, by <see cref="CalendarFeedJob"/>).</summary>
internal sealed class CalendarFeedOptions
{
    public const string Section = "CalendarFeeds";

    /// <summary>
    /// A 304 says the feed is unchanged, not that the horizon is: after this long the feed is fetched and expanded again
    /// without validators, so recurring instances that came into the horizon appear.
    /// </summary>
    public TimeSpan ReexpandAfter { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Feeds larger than this are refused rather than read into memory.</summary>
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many feeds are fetched at once.</summary>
    public int Concurrency { get; set; } = 8;
}

internal sealed class CalendarFeedOptionsValidator : IValidateOptions<CalendarFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, CalendarFeedOptions options)
    {
        var failures = new List<string>();
        if (options.ReexpandAfter <= TimeSpan.Zero)
            failures.Add("CalendarFeeds:ReexpandAfter must be positive (such as 06:00:00).");
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
            failures.Add("CalendarFeeds:Timeout must be between zero and five minutes (such as 00:00:30).");
        if (options.MaxBytes < 1024)
            failures.Add("CalendarFeeds:MaxBytes must be at least 1024.");
        if (options.Concurrency is < 1 or > 64)
            failures.Add("CalendarFeeds:Concurrency must be between 1 and 64.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
