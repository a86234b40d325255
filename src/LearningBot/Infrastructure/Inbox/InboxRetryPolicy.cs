using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>What happens to a row whose handler failed: fail it for good, or try again after a backoff.</summary>
internal static class InboxRetryPolicy
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Null when retrying cannot help (a permanent error, or the last attempt); otherwise how long to wait.</summary>
    public static TimeSpan? RetryAfter(Exception failure, int attempts, int maxAttempts)
    {
        var permanent = failure is UnusableSlackPayloadException || failure is SlackApiException { IsPermanent: true } || DatabaseErrors.IsPermanent(failure);
        if (permanent || attempts >= maxAttempts)
            return null;
        return failure is SlackApiException { RetryAfter: { } retryAfter }
            ? retryAfter
            : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, attempts)));
    }

    /// <summary>The reason kept on the row and in the log.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        SlackApiException slack => $"{slack.Method}: {slack.Error}",
        OperationCanceledException => "timed out",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };
}
