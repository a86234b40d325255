using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningBot.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 and a port the OS picks, answering requests from a script, in order;
/// once the script runs out it answers <c>{"ok":true}</c>. It records every request it received.</summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<ScriptedResponse> _script = new();
    private readonly List<SeenRequest> _seen = [];
    private readonly Lock _gate = new();

    private ScriptedHttpServer(WebApplication app) => _app = app;

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where Web API methods live: <c>{BaseAddress}api/</c>, as on slack.com.</summary>
    public Uri ApiAddress => new(BaseAddress, "api/");

    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _seen];
        }
    }

    public static async Task<ScriptedHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedHttpServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return server;
    }

    public ScriptedHttpServer Enqueue(params IEnumerable<ScriptedResponse> responses)
    {
        lock (_gate)
            foreach (var response in responses)
                _script.Enqueue(response);
        return this;
    }

    /// <summary>Waits (in real time, bounded) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (Requests.Count < count)
            await Task.Delay(10, timeout.Token);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        ScriptedResponse response;
        lock (_gate)
        {
            _seen.Add(new SeenRequest(context.Request.Method, context.Request.Path.Value ?? "", body,
                context.Request.ContentType, context.Request.Headers.Authorization.ToString(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            response = _script.TryDequeue(out var next) ? next : ScriptedResponse.Ok();
        }

        if (response.DropConnection)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>One scripted answer of <see cref="ScriptedHttpServer"/>.</summary>
public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, bool DropConnection = false)
{
    public static ScriptedResponse Ok(string body = """{"ok":true}""") => new(200, body);

    /// <summary>Slack's answer to a call over the rate limit.</summary>
    public static ScriptedResponse RateLimited(int retryAfterSeconds) =>
        new(429, """{"ok":false,"error":"ratelimited"}""", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static ScriptedResponse ServerError(int status = 500, string body = """{"ok":false,"error":"internal_error"}""") => new(status, body);

    /// <summary>Slack's usual way to fail: HTTP 200 with <c>ok:false</c>.</summary>
    public static ScriptedResponse SlackError(string error) => new(200, $$"""{"ok":false,"error":"{{error}}"}""");

    /// <summary>Reads the whole request, then closes the connection without answering: the caller cannot tell whether it was acted on.</summary>
    public static ScriptedResponse Drop() => new(0, "", DropConnection: true);
}

/// <summary>A request as <see cref="ScriptedHttpServer"/> received it.</summary>
public sealed record SeenRequest(
    string Method, string Path, string Body, string? ContentType, string Authorization, IReadOnlyDictionary<string, string>? Headers = null)
{
    public string? Header(string name) => Headers is not null && Headers.TryGetValue(name, out var value) ? value : null;
}
