using LearningBot.Infrastructure.Hosting;
using LearningBot.Sandbox;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Sandbox;

/// <summary>The sandbox has no sign-in, so by default it only listens where nobody else can reach it.</summary>
public sealed class SandboxRemoteAccessTests
{
    [Theory]
    [InlineData("http://0.0.0.0:3000")]
    [InlineData("http://+:3000")]
    [InlineData("http://*:3000")]
    [InlineData("http://[::]:3000")]
    [InlineData("http://192.168.1.20:3000")]
    [InlineData("http://localhost:3000;http://bot.example.com:3000")]
    public void The_sandbox_refuses_an_address_other_machines_can_reach_and_names_the_setting(string urls)
    {
        var builder = BotApplication.CreateBuilder([$"--urls={urls}"]);

        var refusal = Assert.Throws<StartupException>(() => SandboxMode.Configure(builder));

        Assert.Contains("Sandbox:AllowRemote=true", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Message);
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:3000")]
    [InlineData("http://[::1]:3000")]
    public void The_sandbox_starts_on_loopback_addresses(string urls)
    {
        Assert.NotNull(SandboxMode.Configure(BotApplication.CreateBuilder([$"--urls={urls}"])));
    }

    [Fact]
    public void Sandbox_AllowRemote_true_lets_it_listen_on_all_interfaces()
    {
        var builder = BotApplication.CreateBuilder(["--urls=http://0.0.0.0:3000", "--Sandbox:AllowRemote=true"]);

        Assert.NotNull(SandboxMode.Configure(builder));
    }

    [Fact]
    public async Task Serve_without_slack_credentials_on_all_interfaces_stops_with_one_line_and_a_non_zero_exit()
    {
        var (exitCode, output, error) = await BotProcess.RunAsync(
            ["serve", $"--urls=http://0.0.0.0:{BotProcess.FreePort()}"], TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("learningbot: error: the sandbox has no sign-in and would listen on http://0.0.0.0:", line, StringComparison.Ordinal);
        Assert.Contains("set Sandbox:AllowRemote=true to allow it", line, StringComparison.Ordinal);
        Assert.Equal("", output); // refused before any database was provisioned
    }
}
