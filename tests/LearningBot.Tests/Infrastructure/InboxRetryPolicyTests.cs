using LearningBot.Infrastructure.Inbox;
using LearningBot.Slack.WebApi;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly InboxOptions Options = new();

    [Theory]
    [InlineData("http_error")]
    [InlineData("connection_failed")]
    [InlineData("request_timeout")]
    [InlineData("service_unavailable")]
    [InlineData("ratelimited")]
    public void Slack_down_or_busy_is_retried_without_counting_the_attempt_even_past_max_attempts(string error)
    {
        var row = Row(attempts: 40, uncounted: 38, receivedAgo: TimeSpan.FromHours(2));

        var retry = InboxRetryPolicy.Decide(new SlackApiException("chat.postMessage", error), row, Now, Options, jitter: 0.5);

        Assert.NotNull(retry);
        Assert.False(retry.Value.Counted);
        Assert.Equal(Options.MaxTransientBackoff * 0.75, retry.Value.Backoff); // 2³⁹ s is far past the ceiling
    }

    [Fact]
    public void Slack_outage_backoff_doubles_with_jitter_and_follows_retry_after()
    {
        var down = new SlackApiException("chat.postMessage", "http_error");
        var ceiling = TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.FromSeconds(1), InboxRetryPolicy.SlackBackoff(down, 0, ceiling, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(8), InboxRetryPolicy.SlackBackoff(down, 3, ceiling, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(12), InboxRetryPolicy.SlackBackoff(down, 3, ceiling, jitter: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(7), InboxRetryPolicy.SlackBackoff(new SlackApiException("x", "service_unavailable", TimeSpan.FromSeconds(7)), 9, ceiling, 0.9));
        Assert.Equal(ceiling, InboxRetryPolicy.SlackBackoff(new SlackApiException("x", "ratelimited", TimeSpan.FromHours(3)), 0, ceiling, 0));
    }

    [Fact]
    public void Slack_down_for_the_whole_window_fails_the_row()
    {
        var row = Row(attempts: 20, uncounted: 19, receivedAgo: Options.TransientRetryWindow);

        Assert.Null(InboxRetryPolicy.Decide(new SlackApiException("chat.postMessage", "http_error"), row, Now, Options, 0.5));
    }

    [Fact]
    public void A_permanent_slack_error_fails_at_once_and_other_failures_count_up_to_max_attempts()
    {
        var first = Row(attempts: 1, uncounted: 0, receivedAgo: TimeSpan.Zero);
        Assert.Null(InboxRetryPolicy.Decide(new SlackApiException("chat.postMessage", "channel_not_found"), first, Now, Options, 0.5));

        var bug = new InvalidOperationException("bug");
        Assert.Equal(new InboxRetry(TimeSpan.FromSeconds(2), Counted: true), InboxRetryPolicy.Decide(bug, first, Now, Options, 0.5));
        // Ten tries while Slack was down, then a bug: only the one try counts.
        Assert.NotNull(InboxRetryPolicy.Decide(bug, Row(attempts: 11, uncounted: 10, receivedAgo: TimeSpan.FromMinutes(5)), Now, Options, 0.5));
        Assert.Null(InboxRetryPolicy.Decide(bug, Row(attempts: 15, uncounted: 10, receivedAgo: TimeSpan.FromMinutes(5)), Now, Options, 0.5));
    }

    [Theory]
    [InlineData(nameof(InboxOptions.MaxTransientBackoff), "00:00:00")]
    [InlineData(nameof(InboxOptions.MaxTransientBackoff), "2.00:00:00")]
    [InlineData(nameof(InboxOptions.TransientRetryWindow), "00:00:30")]
    [InlineData(nameof(InboxOptions.TransientRetryWindow), "00:30:00")] // shorter than the 1 h backoff ceiling
    public void A_transient_setting_out_of_range_is_refused_naming_it(string setting, string value)
    {
        var options = new InboxOptions();
        typeof(InboxOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new InboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Inbox:{setting}", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions()).Succeeded);
    }

    private static InboxRow Row(int attempts, int uncounted, TimeSpan receivedAgo) =>
        new(1, "event", "{}", attempts, UncountedAttempts: uncounted, ReceivedAt: (Now - receivedAgo).UtcDateTime);
}
