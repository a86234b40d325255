using LearningBot.SlackEmulator;

namespace LearningBot.Tests.Support;

/// <summary>The Slack emulator on a loopback port the OS picks, with a small workspace: two sellers and a channel.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost(SlackEmulatorServer server)
    {
        Server = server;
        Ann = Workspace.AddUser("ann", "ann@example.com", "Europe/Berlin", 3600);
        Bob = Workspace.AddUser("bob", "bob@example.com", "America/New_York", -18000);
        DealRoom = Workspace.AddChannel("deal-room", members: [Ann, Bob]);
    }

    public SlackEmulatorServer Server { get; }
    public EmulatedWorkspace Workspace => Server.Workspace;
    public FaultPlan Faults => Server.Faults;
    public EmulatedUser Ann { get; }
    public EmulatedUser Bob { get; }
    public EmulatedChannel DealRoom { get; }

    /// <summary>The settings that point a bot at this emulator.</summary>
    public IEnumerable<KeyValuePair<string, string>> BotSettings =>
    [
        new("Slack:SigningSecret", Workspace.SigningSecret),
        new("Slack:BotToken", Workspace.BotToken),
        new("Slack:ApiBaseUrl", Server.ApiBaseUrl.ToString()),
        // Slack's pacing (one post a second per channel) is pinned by the resilience tests; here it would only slow scenarios down.
        new("Slack:Resilience:EnableRateLimiter", "false"),
    ];

    /// <summary>The settings for a bot that receives over Socket Mode from this emulator: an app token and no signing secret.</summary>
    public IEnumerable<KeyValuePair<string, string>> SocketModeBotSettings =>
        [.. BotSettings.Where(s => s.Key != "Slack:SigningSecret"), new("Slack:AppToken", Workspace.AppToken)];

    public static async Task<EmulatorHost> StartAsync(TimeProvider? time = null) =>
        new(await SlackEmulatorServer.StartAsync(new EmulatedWorkspace(time), TestContext.Current.CancellationToken));

    /// <summary>A user of this workspace talking to the bot at <paramref name="bot"/>.</summary>
    public UserActions UsersOf(Uri bot) => new(Server, bot);

    /// <summary>A user of this workspace talking to a bot connected over Socket Mode.</summary>
    public UserActions UsersOverSocketMode() => UserActions.OverSocketMode(Server);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
