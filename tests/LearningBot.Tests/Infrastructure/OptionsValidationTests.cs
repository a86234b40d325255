using LearningBot.Quizzes;
using LearningBot.Sandbox;
using LearningBot.Slack.SocketMode;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LearningBot.Tests.Infrastructure;

public sealed class OptionsValidationTests(PostgresServer server)
{
    [Fact]
    public void The_defaults_of_socket_mode_lesson_cards_and_the_sandbox_are_valid()
    {
        Assert.True(new SocketModeOptionsValidator().Validate(null, new SocketModeOptions()).Succeeded);
        Assert.True(new QuizzesOptionsValidator().Validate(null, new QuizzesOptions()).Succeeded);
        Assert.True(new SandboxOptionsValidator().Validate(null, new SandboxOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(SocketModeOptions.HelloTimeout))]
    [InlineData(nameof(SocketModeOptions.PingInterval))]
    [InlineData(nameof(SocketModeOptions.PingTimeout))]
    [InlineData(nameof(SocketModeOptions.MaxReconnectDelay))]
    [InlineData(nameof(SocketModeOptions.DrainTimeout))]
    public void A_socket_mode_timing_of_zero_is_refused_naming_it(string setting)
    {
        var options = new SocketModeOptions();
        typeof(SocketModeOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Zero);

        var result = new SocketModeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Slack:SocketMode:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://videos.example.com")]
    [InlineData("videos.example.com/path")]
    [InlineData("")]
    public void A_video_domain_that_is_not_a_host_name_is_refused_naming_its_entry(string domain)
    {
        var result = new QuizzesOptionsValidator().Validate(null, new QuizzesOptions { VideoUnfurlDomains = ["ok.example.com", domain] });

        Assert.True(result.Failed);
        Assert.Contains("Quizzes:VideoUnfurlDomains:1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sandbox_bot_token_that_is_not_a_bot_token_is_refused_naming_it()
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions { BotToken = "xoxp-user" });

        Assert.True(result.Failed);
        Assert.Contains("Sandbox:BotToken", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slack:SocketMode:PingTimeout", "00:00:01", "Slack:SocketMode:PingTimeout")]
    [InlineData("Quizzes:VideoUnfurlDomains:0", "https://videos.example.com", "Quizzes:VideoUnfurlDomains:0")]
    public async Task The_bot_refuses_to_start_with_a_bad_setting_and_names_it(string setting, string value, string named)
    {
        var database = await server.CreateDatabaseAsync();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(database, [new(setting, value)]));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
