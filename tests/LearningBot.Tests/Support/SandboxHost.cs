using LearningBot.Sandbox;
using LearningBot.Slack.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LearningBot.Tests.Support;

/// <summary>The bot in sandbox mode, in this process: what serve does without Slack credentials, on a free loopback port.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private SandboxHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    internal WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>The bot's own Slack client, which talks to the emulated Web API under /sandbox/api.</summary>
    public ISlackApi Slack => App.Services.GetRequiredService<ISlackApi>();

    public static async Task<SandboxHost> StartAsync(string connectionString, DateTimeOffset startAt, CancellationToken cancellationToken)
    {
        var builder = BotApplication.CreateBuilder([
            "--urls=http://127.0.0.1:0", $"--ConnectionStrings:LearningBot={connectionString}", "--Logging:LogLevel:Default=Warning",
            "--Content:SeedOnStart=false", $"--Sandbox:StartAt={startAt:O}",
        ]);
        var mode = SandboxMode.Configure(builder) ?? throw new InvalidOperationException("Slack credentials leaked into the test environment.");
        var app = BotApplication.Build(builder, services => services.AddSandbox(mode, builder.Configuration));
        await app.ValidateAndMigrateAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        return new SandboxHost(app, mode.Loopback);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
