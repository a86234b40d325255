using Microsoft.Extensions.Options;

namespace LearningBot.Slack.WebApi;

/// <summary>How Web API calls are retried, broken and paced (https://docs.slack.dev/apis/web-api/rate-limits); bound from <c>Slack:Resilience</c>.</summary>
public sealed class SlackResilienceOptions
{
    public const string Section = "Slack:Resilience";

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First delay of the jittered exponential backoff for 5xx and network faults.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A 429 asking us to wait longer than this is handed back to the caller instead of waited out.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one attempt, Slack's answer included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed attempts in <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in <see cref="BreakerSamplingDuration"/> before the ratio counts.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before letting one through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Pace calls to each method's tier (and chat.postMessage per channel) before Slack has to say 429.</summary>
    public bool EnableRateLimiter { get; set; } = true;

    /// <summary>Longest a call waits for its rate-limit turn; past it the call fails with a rate-limiter rejection.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="SlackResilienceOptions"/> at start; every message names the setting.</summary>
public sealed class SlackResilienceOptionsValidator : IValidateOptions<SlackResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackResilienceOptions options)
    {
        var failures = new List<string>();
        const string s = SlackResilienceOptions.Section;

        if (options.MaxRetryAttempts is < 0 or > 10)
            failures.Add($"{s}:MaxRetryAttempts must be between 0 and 10.");
        Between(options.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "BaseDelay");
        Between(options.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(10), "MaxRetryAfter");
        Between(options.AttemptTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "AttemptTimeout");
        if (options.BreakerFailureRatio is <= 0 or > 1 || double.IsNaN(options.BreakerFailureRatio))
            failures.Add($"{s}:BreakerFailureRatio must be greater than 0 and at most 1.");
        if (options.BreakerMinimumThroughput < 2)
            failures.Add($"{s}:BreakerMinimumThroughput must be at least 2.");
        Between(options.BreakerSamplingDuration, TimeSpan.FromSeconds(0.5), TimeSpan.FromDays(1), "BreakerSamplingDuration");
        Between(options.BreakerBreakDuration, TimeSpan.FromSeconds(0.5), TimeSpan.FromDays(1), "BreakerBreakDuration");
        Between(options.MaxRateLimitWait, TimeSpan.Zero, TimeSpan.FromMinutes(10), "MaxRateLimitWait");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Between(TimeSpan value, TimeSpan min, TimeSpan max, string setting)
        {
            if (value < min || value > max)
                failures.Add($"{s}:{setting} must be between {min:c} and {max:c} (a TimeSpan such as 00:00:30).");
        }
    }
}
