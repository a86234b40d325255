using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningBot.SlackEmulator;

/// <summary>One Web API call the emulator received, for assertions.</summary>
public sealed record EmulatedCall(string Method, JsonObject Arguments, DateTimeOffset At, int Status, string? Error);

/// <summary>
/// The emulated Slack Web API on a loopback port the OS picks: <c>/api/{method}</c> with Slack's token check and
/// <c>{ok:false,error}</c> answers, plus the <c>response_url</c> endpoints it hands out.
/// </summary>
public sealed class SlackEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly ConcurrentQueue<EmulatedCall> _calls = new();
    private readonly WebApiMethods _methods;

    private readonly string _pathBase;

    private SlackEmulatorServer(WebApplication? app, EmulatedWorkspace workspace, Uri address, string pathBase = "")
    {
        _app = app;
        _pathBase = pathBase;
        Workspace = workspace;
        Address = address;
        Handouts = new Handouts(workspace.Time);
        _methods = new WebApiMethods(workspace, Handouts, this);
        SocketMode = new SocketModeHub(workspace);
    }

    public EmulatedWorkspace Workspace { get; }
    public Handouts Handouts { get; }
    public FaultPlan Faults { get; } = new();
    public Uri Address { get; }

    /// <summary>Slack's side of Socket Mode: the URLs apps.connections.open hands out lead here.</summary>
    public SocketModeHub SocketMode { get; }

    /// <summary>What the bot sets as Slack:ApiBaseUrl.</summary>
    public Uri ApiBaseUrl => new(Address, _pathBase + "/api/");

    public IReadOnlyList<EmulatedCall> Calls => [.. _calls];

    public IReadOnlyList<EmulatedCall> CallsTo(string method) => [.. _calls.Where(c => c.Method == method)];

    /// <summary>What Slack does with a message the app returned in its ack (a slash command's reply): like a post to the response_url.</summary>
    internal JsonObject ShowAnswer(ResponseUrl url, JsonObject body) => _methods.Respond(url, body);

    public string ResponseUrlFor(ResponseUrl url) => new Uri(Address, _pathBase + "/response/" + url.Id).ToString();

    public static async Task<SlackEmulatorServer> StartAsync(EmulatedWorkspace workspace, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        SlackEmulatorServer? server = null;
        app.UseWebSockets();
        app.Map(SocketModeHub.Path, (HttpContext context) => server!.SocketMode.AcceptAsync(context));
        app.MapPost("/api/{method}", (HttpContext context, string method) => server!.HandleApiAsync(context, method));
        app.MapPost("/response/{id}", (HttpContext context, string id) => server!.HandleResponseUrlAsync(context, id));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new SlackEmulatorServer(app, workspace, new Uri(address));
        return server;
    }

    /// <summary>
    /// Hosts the emulator inside another app (the sandbox): <c>{pathBase}/api/{method}</c> and <c>{pathBase}/response/{id}</c>
    /// on <paramref name="address"/>, the app's own loopback address.
    /// </summary>
    public static SlackEmulatorServer Map(IEndpointRouteBuilder routes, EmulatedWorkspace workspace, Uri address, string pathBase)
    {
        var server = new SlackEmulatorServer(null, workspace, address, pathBase.TrimEnd('/'));
        routes.MapPost(server._pathBase + "/api/{method}", (HttpContext context, string method) => server.HandleApiAsync(context, method));
        routes.MapPost(server._pathBase + "/response/{id}", (HttpContext context, string id) => server.HandleResponseUrlAsync(context, id));
        return server;
    }

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var arguments = await ReadArgumentsAsync(context.Request);
        var now = Workspace.Time.GetUtcNow();
        if (Faults.TryTake(method, out var fault) && fault.Delay is { } delay)
        {
            await Task.Delay(delay, Workspace.Time, context.RequestAborted);
        }
        else if (fault is not null)
        {
            if (fault.RetryAfter is { } retryAfter)
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = fault.Status;
            _calls.Enqueue(new EmulatedCall(method, arguments, now, fault.Status, fault.Error));
            if (fault.Error is not null)
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = fault.Error });
            return;
        }

        var token = TokenOf(context.Request, arguments);
        var expected = method == "apps.connections.open" ? Workspace.AppToken : Workspace.BotToken;
        JsonObject result;
        if (token is null)
            result = WebApiMethods.Error("not_authed");
        else if (token != expected)
            result = WebApiMethods.Error("invalid_auth");
        else
            result = _methods.Invoke(method, arguments);

        var error = result["ok"]?.GetValue<bool>() == true ? null : result["error"]?.ToString();
        _calls.Enqueue(new EmulatedCall(method, arguments, now, 200, error));
        await context.Response.WriteAsJsonAsync(result);
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        var url = Handouts.FindResponseUrl(id);
        var body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body) ?? [];
        var now = Workspace.Time.GetUtcNow();
        JsonObject result;
        if (url is null)
        {
            context.Response.StatusCode = 404;
            result = WebApiMethods.Error("invalid_url");
        }
        else
        {
            lock (url)
            {
                if (now - url.IssuedAt > ResponseUrl.Lifetime)
                    result = WebApiMethods.Error("expired_url");
                else if (url.Uses >= ResponseUrl.MaxUses)
                    result = WebApiMethods.Error("used_url");
                else
                {
                    url.Uses++;
                    result = _methods.Respond(url, body);
                }
            }
            if (result["ok"]?.GetValue<bool>() != true)
                context.Response.StatusCode = 404;
        }
        _calls.Enqueue(new EmulatedCall("response_url", body, now, context.Response.StatusCode, result["error"]?.ToString()));
        await context.Response.WriteAsJsonAsync(result);
    }

    private static string? TokenOf(HttpRequest request, JsonObject arguments)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
            return header["Bearer ".Length..].Trim();
        return arguments["token"]?.ToString();
    }

    /// <summary>JSON bodies as they are; form bodies as strings, with JSON-valued fields (blocks, view) parsed the way Slack does.</summary>
    private static async Task<JsonObject> ReadArgumentsAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? [];
            }
            catch (JsonException)
            {
                return new JsonObject { ["__invalid_json"] = true };
            }
        }
        var arguments = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery(text))
        {
            var s = value.ToString();
            JsonNode? node = s;
            if (s.StartsWith('[') || s.StartsWith('{'))
            {
                try
                {
                    node = JsonNode.Parse(s);
                }
                catch (JsonException)
                {
                    node = s;
                }
            }
            arguments[key] = node;
        }
        return arguments;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
