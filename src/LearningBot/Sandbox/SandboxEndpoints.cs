using System.Reflection;
using System.Text.Json.Nodes;
using LearningBot.SlackEmulator;

namespace LearningBot.Sandbox;

/// <summary>
/// The sandbox page and the few calls it makes. Each call is a person acting in the Slack client; <see cref="ClientActions"/>
/// turns it into the signed request Slack would send to <c>/slack/*</c>.
/// </summary>
internal static class SandboxEndpoints
{
    public sealed record Say(string User, string Channel, string Text, string? ThreadTs);

    public sealed record Act(string User, string? Channel, string? Ts, string? ViewId, JsonObject Action, JsonObject? State);

    public sealed record Submit(string User, string ViewId, JsonObject? State);

    public sealed record Close(string User, string ViewId);

    public sealed record Home(string User);

    public sealed record Jump(string Kind, string? User);

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        [""] = "text/html; charset=utf-8",
        ["sandbox.css"] = "text/css; charset=utf-8",
        ["sandbox.js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(WebApplication app, EmulatedWorkspace workspace, ClientActions client)
    {
        var sandbox = app.MapGroup(SandboxMode.PathBase);
        foreach (var (name, contentType) in Assets)
        {
            var resource = name.Length == 0 ? "sandbox.html" : name;
            sandbox.MapGet("/" + name, () => Results.Stream(Open(resource), contentType));
        }

        // The workspace's permalinks lead here (EmulatedWorkspace.Url is the page): the page opens that thread itself.
        sandbox.MapGet("/archives/{channel}/{message}", () => Results.Stream(Open("sandbox.html"), Assets[""]));

        sandbox.MapGet("/state", (string? user, SandboxClock clock, SandboxMode mode) =>
            Results.Text(SandboxState.For(workspace, clock, mode, user).ToJsonString(), "application/json"));

        sandbox.MapPost("/say", (Say say, CancellationToken cancellationToken) =>
            WithMember(workspace, say.User, async user =>
            {
                if (string.IsNullOrWhiteSpace(say.Text))
                    return Results.BadRequest(new { error = "type something first" });
                if (workspace.FindChannel(say.Channel) is not { } channel || !channel.Members.Contains(user.Id))
                    return Results.BadRequest(new { error = $"no conversation {say.Channel} for {user.Name}" });
                return Outcome(await client.SayAsync(user, channel, say.Text, say.ThreadTs, cancellationToken));
            }));

        sandbox.MapPost("/act", (Act act, CancellationToken cancellationToken) =>
            WithMember(workspace, act.User, async user =>
                Outcome(await client.ActAsync(user, new ActionSource(act.Channel, act.Ts, act.ViewId), act.Action, act.State, cancellationToken))));

        sandbox.MapPost("/submit", (Submit submit, CancellationToken cancellationToken) =>
            WithMember(workspace, submit.User, async user =>
                Outcome(await client.SubmitAsync(user, submit.ViewId, submit.State ?? [], cancellationToken))));

        sandbox.MapPost("/close", (Close close, CancellationToken cancellationToken) =>
            WithMember(workspace, close.User, async user =>
            {
                await client.CloseAsync(user, close.ViewId, cancellationToken);
                return Results.Ok(new { ok = true });
            }));

        sandbox.MapPost("/home", (Home home, CancellationToken cancellationToken) =>
            WithMember(workspace, home.User, async user => Outcome(await client.OpenHomeAsync(user, cancellationToken))));

        sandbox.MapPost("/clock", async (Jump jump, SandboxClockJumps jumps, CancellationToken cancellationToken) =>
        {
            if (!SandboxClockJumps.Kinds.Contains(jump.Kind))
                return Results.BadRequest(new { error = $"unknown jump '{jump.Kind}'; use one of {string.Join(", ", SandboxClockJumps.Kinds)}" });
            var user = jump.User is null ? null : workspace.FindUser(jump.User);
            var result = await jumps.JumpAsync(jump.Kind, user?.Id, user?.Tz ?? "UTC", cancellationToken);
            return Results.Ok(new
            {
                ok = true, now = result.Now, message = result.Message, sent = result.Sent,
                sentToOthers = result.SentToOthers, missedByOthers = result.MissedByOthers,
            });
        });
    }

    private static async Task<IResult> WithMember(EmulatedWorkspace workspace, string userId, Func<EmulatedUser, Task<IResult>> then)
    {
        if (workspace.FindUser(userId) is not { IsBot: false } user)
            return Results.BadRequest(new { error = $"no member {userId} in the sandbox workspace" });
        try
        {
            return await then(user);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    /// <summary>The bot's answer as Slack saw it: anything but a 2xx is shown to the person, as Slack would show a failed app.</summary>
    private static IResult Outcome(SlackEmulator.RecordedPost delivery) =>
        delivery.Status is { } status && (int)status < 300
            ? Results.Ok(new { ok = true })
            : Results.Ok(new { ok = false, error = delivery.Status is { } failed ? $"the app answered {(int)failed}" : "the app did not answer in time" });

    private static Stream Open(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Sandbox." + name)
        ?? throw new InvalidOperationException($"the sandbox page resource {name} is missing from the build");
}
