using LearningBot.Infrastructure.Database;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>When a row whose handler failed is tried again.</summary>
/// <param name="Counted">False when the attempt does not count against <see cref="InboxOptions.MaxAttempts"/> (Slack was down or busy).</param>
internal readonly record struct InboxRetry(TimeSpan Backoff, bool Counted);

/// <summary>
/// What happens to a row whose handler failed: fail it for good, or try again after a backoff. Slack being down, slow or
/// busy (5xx, no connection, timeouts, 429, an open circuit) says nothing about the row, so those failures back off up to
/// <see cref="InboxOptions.MaxTransientBackoff"/> for as long as <see cref="InboxOptions.TransientRetryWindow"/> without
/// using up the row's attempts; an acked event must survive an outage.
/// </summary>
internal static class InboxRetryPolicy
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Null when retrying cannot help (a permanent error, the last attempt, or Slack down for the whole window).</summary>
    /// <param name="jitter">A number in [0, 1) that spreads out the rows an outage failed together.</param>
    public static InboxRetry? Decide(Exception failure, InboxRow row, DateTimeOffset now, InboxOptions options, double jitter)
    {
        if (failure is UnusableSlackPayloadException || failure is SlackApiException { IsPermanent: true } || DatabaseErrors.IsPermanent(failure))
            return null;
        if (failure is SlackApiException slack)
        {
            var waited = row.ReceivedAt is { } received ? now - new DateTimeOffset(received, TimeSpan.Zero) : TimeSpan.Zero;
            return waited >= options.TransientRetryWindow
                ? null
                : new InboxRetry(SlackBackoff(slack, row.UncountedAttempts, options.MaxTransientBackoff, jitter), Counted: false);
        }
        if (row.CountedAttempts >= options.MaxAttempts)
            return null;
        return new InboxRetry(TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, row.CountedAttempts))), Counted: true);
    }

    /// <summary>
    /// Slack's Retry-After (or the time left on the open circuit) when it gave one, else 2ⁿ⁺¹ seconds for the n-th failure in
    /// a row, at least half of it and at most all (so rows come back spread out, none much early), never above the ceiling.
    /// </summary>
    internal static TimeSpan SlackBackoff(SlackApiException failure, int failuresBefore, TimeSpan ceiling, double jitter)
    {
        if (failure.RetryAfter is { } asked && asked > TimeSpan.Zero)
            return asked < ceiling ? asked : ceiling;
        var exponential = Math.Min(ceiling.TotalSeconds, Math.Pow(2, Math.Min(failuresBefore + 1, 30)));
        return TimeSpan.FromSeconds(exponential * (0.5 + jitter / 2));
    }

    /// <summary>The reason kept on the row and in the log.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        SlackApiException slack => $"{slack.Method}: {slack.Error}",
        OperationCanceledException => "timed out",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };
}
