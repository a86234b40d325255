using LearningBot.Content;
using LearningBot.SlackEmulator;
using Microsoft.Extensions.Options;

namespace LearningBot.Sandbox;

/// <summary>Registers the sandbox (only called in sandbox mode) and maps its page and emulated Slack under /sandbox.</summary>
internal static partial class SandboxFeature
{
    public static void AddSandbox(this IServiceCollection services, SandboxMode mode)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxMode.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddSingleton(mode);
        services.AddSingleton(provider => new SandboxClock(provider.GetRequiredService<IOptions<SandboxOptions>>().Value.StartAt));
        services.AddSingleton<TimeProvider>(provider => provider.GetRequiredService<SandboxClock>());
        services.AddSingleton(provider => SandboxWorkspace.Create(mode, provider.GetRequiredService<SandboxClock>(),
            provider.GetRequiredService<IOptions<ContentOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SandboxWorkspace).FullName!)));
        services.AddSingleton<SandboxClockJumps>();
    }

    /// <summary>Does nothing unless the bot runs in sandbox mode.</summary>
    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (app.Services.GetService<SandboxMode>() is not { } mode)
            return app;
        var workspace = app.Services.GetRequiredService<EmulatedWorkspace>();
        var server = SlackEmulatorServer.Map(app, workspace, mode.Loopback, SandboxMode.PathBase);
        // Slack waits 3 s for an ack; a person at the sandbox page would rather wait longer on a busy machine than lose a click.
        var users = new UserActions(server, mode.Loopback) { AckTimeout = TimeSpan.FromSeconds(15) };
        SandboxEndpoints.Map(app, workspace, new ClientActions(server, users));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LearningBot.Sandbox");
        app.Lifetime.ApplicationStarted.Register(() => LogSandbox(logger, mode.PageUrl.ToString(),
            SandboxMode.Format(app.Services.GetRequiredService<SandboxClock>().GetUtcNow()), mode.ApiUrl.ToString()));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Slack credentials are configured, so the bot runs in sandbox mode with a built-in Slack: open {Url} (sandbox clock: {Now} UTC); Slack's SDKs can call its Web API at {ApiUrl} with the bot token shown on the page")]
    private static partial void LogSandbox(ILogger logger, string url, string now, string apiUrl);
}
