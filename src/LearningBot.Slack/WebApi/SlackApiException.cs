namespace LearningBot.Slack.WebApi;

/// <summary>
/// A Web API call that Slack answered with <c>ok:false</c> (or an HTTP failure); <see cref="Error"/> is Slack's code
/// (https://api.slack.com/web#evaluating_responses).
/// </summary>
public sealed class SlackApiException : Exception
{
    private static readonly HashSet<string> TransientErrors =
    [
        "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
        "http_error", "connection_failed",
    ];

    public SlackApiException(string method, string error, TimeSpan? retryAfter = null, Exception? inner = null)
        : base($"Slack {method} failed: {error}", inner)
    {
        Method = method;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The Web API method, such as <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, such as <c>channel_not_found</c>.</summary>
    public string Error { get; }

    /// <summary>From a 429's Retry-After header.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when trying again cannot help (bad channel, missing scope, invalid token…).</summary>
    public bool IsPermanent => !TransientErrors.Contains(Error);
}
