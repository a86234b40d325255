using LearningBot.Slack;

namespace LearningBot.Tests.Slack;

public sealed class SlackOptionsValidatorTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private static IReadOnlyList<string> Failures(SlackOptions options) =>
        new SlackOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void No_credentials_at_all_is_valid_and_means_sandbox()
    {
        var options = new SlackOptions();
        Assert.Empty(Failures(options));
        Assert.False(options.HasCredentials);
    }

    [Fact]
    public void Bot_token_with_signing_secret_is_valid()
    {
        Assert.Empty(Failures(new SlackOptions { BotToken = "xoxb-1-2-abc", SigningSecret = Secret }));
    }

    [Theory]
    [InlineData("xoxp-user-token", null, null, "Slack:BotToken must be a bot token")]
    [InlineData(null, Secret, null, "Slack:BotToken is required")]
    [InlineData("xoxb-1-2-abc", null, null, "Slack:SigningSecret is required")]
    [InlineData("xoxb-1-2-abc", null, "xoxb-not-app", "Slack:AppToken must be an app-level token")]
    [InlineData("xoxb-1-2-abc", "short", null, "Slack:SigningSecret looks truncated")]
    public void Each_wrong_setting_is_named_and_its_value_never_shown(string? bot, string? secret, string? app, string expected)
    {
        var failures = Failures(new SlackOptions { BotToken = bot, SigningSecret = secret, AppToken = app });

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        foreach (var value in new[] { bot, secret, app }.OfType<string>())
            Assert.DoesNotContain(failures, f => f.Contains(value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://slack.com/api/")]
    [InlineData("https://slack.com/api")]
    public void Api_base_url_must_be_an_absolute_http_url_ending_in_a_slash(string url)
    {
        Assert.Contains(Failures(new SlackOptions { ApiBaseUrl = url }), f => f.StartsWith("Slack:ApiBaseUrl", StringComparison.Ordinal));
    }
}
