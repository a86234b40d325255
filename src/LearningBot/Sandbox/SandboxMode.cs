using System.Globalization;
using System.Security.Cryptography;
using LearningBot.Content;
using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Hosting;
using LearningBot.Slack;

namespace LearningBot.Sandbox;

/// <summary>
/// Sandbox mode: with no Slack credentials configured, the bot hosts the Slack emulator itself under <c>/sandbox</c>, talks to it
/// with a token and signing secret made up at start, and serves a page that stands in for the Slack client.
/// Never on when any Slack credential is set.
/// </summary>
internal sealed partial class SandboxMode
{
    public const string PathBase = "/sandbox";
    public const string Section = "Sandbox";

    private SandboxMode(Uri loopback, Uri page, string botToken, string signingSecret)
    {
        Loopback = loopback;
        PageUrl = page;
        BotToken = botToken;
        SigningSecret = signingSecret;
    }

    /// <summary>The bot's own address as the bot calls it (the emulated Web API and the signed requests go through here).</summary>
    public Uri Loopback { get; }

    /// <summary>What a person opens in a browser.</summary>
    public Uri PageUrl { get; }

    public string BotToken { get; }

    public string SigningSecret { get; }

    /// <summary>Null when Slack credentials are configured; otherwise points the Slack settings at the built-in emulator.</summary>
    public static SandboxMode? Configure(WebApplicationBuilder builder)
    {
        var slack = builder.Configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() ?? new SlackOptions();
        if (slack.HasCredentials)
            return null;

        var urls = ListenUrls.Split(builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? BotApplication.DefaultUrl);
        var http = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? throw new StartupException("The sandbox needs an http:// address in --urls (it calls itself there); set Slack credentials to run without it.");
        RefuseRemote(builder.Configuration, urls);
        var listen = new UriBuilder(http.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (listen.Port == 0)
        {
            // The emulator's URLs must be known before start: take a free port now instead of Kestrel's pick.
            listen.Port = LocalPostgres.FreeLoopbackPort();
            builder.WebHost.UseUrls([.. urls.Select(u => u == http ? listen.Uri.ToString().TrimEnd('/') : u)]);
        }
        var pageHost = listen.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : listen.Host;
        var loopbackHost = listen.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : listen.Host;
        var loopback = new UriBuilder("http", loopbackHost, listen.Port).Uri;
        var page = new UriBuilder("http", pageHost, listen.Port, PathBase).Uri;

        var mode = new SandboxMode(loopback, page, BotTokenOf(builder.Configuration), RandomNumberGenerator.GetHexString(32, lowercase: true));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SlackOptions.Section}:{nameof(SlackOptions.BotToken)}"] = mode.BotToken,
            [$"{SlackOptions.Section}:{nameof(SlackOptions.SigningSecret)}"] = mode.SigningSecret,
            [$"{SlackOptions.Section}:{nameof(SlackOptions.ApiBaseUrl)}"] = new Uri(loopback, PathBase + "/api/").ToString(),
        });
        SeedByDefault(builder.Configuration);
        return mode;
    }

    /// <summary>What Slack's SDKs take as their API address (e.g. <c>slackApiUrl</c> of <c>@slack/web-api</c>).</summary>
    public Uri ApiUrl => new(PageUrl.ToString().TrimEnd('/') + "/api/");

    /// <summary><c>Sandbox:BotToken</c>, checked, or a token made up now.</summary>
    private static string BotTokenOf(IConfiguration configuration)
    {
        var configured = configuration[$"{Section}:{nameof(SandboxOptions.BotToken)}"];
        if (string.IsNullOrEmpty(configured))
            return "xoxb-sandbox-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        if (SandboxOptionsValidator.BotTokenError(configured) is { } error)
            throw new StartupException(error);
        return configured;
    }

    public override string ToString() => PageUrl.ToString();

    /// <summary>The sandbox has no sign-in: anyone who reaches it acts as any seller, so it stays on this machine unless told otherwise.</summary>
    private static void RefuseRemote(IConfiguration configuration, IReadOnlyList<string> urls)
    {
        const string setting = Section + ":" + nameof(SandboxOptions.AllowRemote);
        var allowed = configuration[setting];
        if (allowed is not null && !bool.TryParse(allowed, out _))
            throw new StartupException($"{setting} must be true or false.");
        if (allowed is not null && bool.Parse(allowed))
            return;
        if (urls.FirstOrDefault(u => !ListenUrls.IsLoopback(u)) is { } remote)
            throw new StartupException(
                $"the sandbox has no sign-in and would listen on {remote}, reachable from other machines; listen on localhost "
                + $"(--urls http://localhost:3000), set Slack credentials, or set {setting}=true to allow it.");
    }

    /// <summary>Without Slack credentials the starter library and demo data are imported unless Content:SeedOnStart says otherwise.</summary>
    private static void SeedByDefault(ConfigurationManager configuration)
    {
        const string setting = ContentOptions.Section + ":" + nameof(ContentOptions.SeedOnStart);
        if (configuration[setting] is null)
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = "true" });
    }

    internal static string Format(DateTimeOffset at) => at.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
