using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using LearningBot.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace LearningBot.Tests.Support;

/// <summary>The real bot, on a loopback port the OS picks, against a test database.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private BotHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    internal WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BotHost> StartAsync(
        string connectionString,
        IEnumerable<KeyValuePair<string, string>>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool sandbox = false,
        bool waitUntilReady = true)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:LearningBot={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            // Tests start from an empty library unless they ask for the seeds (pass Content:SeedOnStart=true).
            "--Content:SeedOnStart=false",
        };
        args.AddRange((settings ?? []).Select(s => $"--{s.Key}={s.Value}"));

        var builder = BotApplication.CreateBuilder([.. args]);
        // serve's sandbox mode: with no Slack settings the bot hosts its own emulated Slack under /sandbox.
        var mode = sandbox ? SandboxMode.Configure(builder) ?? throw new InvalidOperationException("Slack settings turn sandbox mode off.") : null;
        var app = BotApplication.Build(builder, mode is null ? configureServices : services =>
        {
            services.AddSandbox(mode);
            configureServices?.Invoke(services);
        });
        var cancellation = TestContext.Current.CancellationToken;
        await app.ValidateAndMigrateAsync(cancellation);
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var host = new BotHost(app, new Uri(address));
        if (waitUntilReady)
            await host.WaitUntilReadyAsync(cancellation);
        return host;
    }

    /// <summary>The scheduler starts just after the host; /readyz says when everything is up.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await Http.GetAsync("/readyz", timeout.Token);
            if (response.IsSuccessStatusCode)
                return;
            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
