using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LearningBot.SlackEmulator;

/// <summary>What one delivery attempt over Socket Mode came to: acked (with the ack's payload) or not, and why not.</summary>
public sealed record SocketAttempt(bool Acked, JsonObject? Payload, string? FailureReason);

/// <summary>
/// Slack's side of Socket Mode (https://api.slack.com/apis/socket-mode): single-use URLs from <c>apps.connections.open</c>, a
/// WebSocket endpoint that says <c>hello</c>, envelopes spread over the open connections, acks read back by
/// <c>envelope_id</c> on the socket that got the envelope, and <c>disconnect</c> messages on demand.
/// </summary>
public sealed class SocketModeHub
{
    public const string Path = "/socket";

    private readonly EmulatedWorkspace _workspace;
    private readonly ConcurrentDictionary<string, bool> _tickets = new();
    private readonly Lock _lock = new();
    private readonly List<SocketSession> _sessions = [];
    private int _accepted;
    private int _next;
    private int _mostOpen;

    internal SocketModeHub(EmulatedWorkspace workspace) => _workspace = workspace;

    /// <summary>Seconds until Slack would recycle a connection, as announced in hello.</summary>
    public int ApproximateConnectionTime { get; set; } = 18060;

    /// <summary>How many connections the bot has opened so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The most connections that were open at the same moment (2 when a replacement overlapped the old one).</summary>
    public int MostOpenAtOnce => Volatile.Read(ref _mostOpen);

    /// <summary>Connections open now, including ones told to disconnect that the bot has not closed yet.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
                return _sessions.Count;
        }
    }

    internal string IssueUrl(Uri address)
    {
        var ticket = Guid.NewGuid().ToString("N");
        _tickets[ticket] = true;
        var ws = new UriBuilder(address) { Scheme = "ws", Path = Path, Query = "ticket=" + ticket + "&app_id=" + _workspace.AppId };
        return ws.Uri.ToString();
    }

    /// <summary>Waits until at least <paramref name="count"/> connections are open and not told to disconnect.</summary>
    public async Task WaitForConnectionsAsync(int count = 1, TimeSpan? within = null, CancellationToken cancellationToken = default)
    {
        var deadline = _workspace.Time.GetUtcNow() + (within ?? TimeSpan.FromSeconds(20));
        while (Live().Count < count)
        {
            if (_workspace.Time.GetUtcNow() > deadline)
                throw new TimeoutException($"the bot did not open {count} Socket Mode connection(s)");
            await Task.Delay(TimeSpan.FromMilliseconds(20), _workspace.Time, cancellationToken);
        }
    }

    /// <summary>Sends <c>disconnect</c> with <paramref name="reason"/> on every live connection; no envelope goes to them afterwards.</summary>
    public async Task RequestDisconnectAsync(string reason = "refresh_requested")
    {
        foreach (var session in Live())
            await session.SendDisconnectAsync(reason);
    }

    /// <summary>Socket Mode switched off in the app's settings: <c>link_disabled</c>, then Slack closes the sockets.</summary>
    public async Task DisableLinkAsync()
    {
        foreach (var session in Live())
        {
            await session.SendDisconnectAsync("link_disabled");
            await session.CloseAsync();
        }
    }

    /// <summary>Cuts every connection without a close handshake, as a network failure would.</summary>
    public void DropConnections()
    {
        foreach (var session in Live())
            session.Abort();
    }

    internal async Task AcceptAsync(HttpContext context)
    {
        var ticket = context.Request.Query["ticket"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || !_tickets.TryRemove(ticket, out _))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new SocketSession(socket, Interlocked.Increment(ref _accepted));
        lock (_lock)
        {
            _sessions.Add(session);
            _mostOpen = Math.Max(_mostOpen, _sessions.Count);
        }
        try
        {
            await session.SendAsync(new JsonObject
            {
                ["type"] = "hello", ["num_connections"] = Live().Count,
                ["debug_info"] = new JsonObject { ["host"] = "applink-emulator-" + session.Number, ["build_number"] = 1, ["approximate_connection_time"] = ApproximateConnectionTime },
                ["connection_info"] = new JsonObject { ["app_id"] = _workspace.AppId },
            });
            await session.ReceiveAcksAsync(context.RequestAborted);
        }
        finally
        {
            lock (_lock)
                _sessions.Remove(session);
            session.FailPending();
        }
    }

    /// <summary>
    /// One delivery attempt: the envelope goes to the next live connection (waiting up to <paramref name="ackTimeout"/> for one)
    /// and counts as delivered when the bot acks it there in time.
    /// </summary>
    internal async Task<SocketAttempt> DeliverOnceAsync(string type, JsonObject payload, bool acceptsResponsePayload, int retryAttempt,
        string? retryReason, TimeSpan ackTimeout, CancellationToken cancellationToken)
    {
        var envelopeId = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId, ["payload"] = payload.DeepClone(), ["type"] = type, ["accepts_response_payload"] = acceptsResponsePayload,
        };
        if (type == "events_api")
        {
            envelope["retry_attempt"] = retryAttempt;
            envelope["retry_reason"] = retryReason ?? "";
        }
        var deadline = _workspace.Time.GetUtcNow() + ackTimeout;
        while (true)
        {
            var session = NextLive();
            if (session is not null)
            {
                var ack = await session.TrySendEnvelopeAsync(envelopeId, envelope);
                if (ack is not null)
                {
                    var left = deadline - _workspace.Time.GetUtcNow();
                    try
                    {
                        var payloadOfAck = await ack.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _workspace.Time, cancellationToken);
                        return new SocketAttempt(true, payloadOfAck, null);
                    }
                    catch (TimeoutException)
                    {
                        session.Forget(envelopeId);
                        return new SocketAttempt(false, null, "timeout");
                    }
                    catch (WebSocketException)
                    {
                        return new SocketAttempt(false, null, "connection_closed");
                    }
                }
            }
            if (_workspace.Time.GetUtcNow() >= deadline)
                return new SocketAttempt(false, null, "no_connection");
            await Task.Delay(TimeSpan.FromMilliseconds(10), _workspace.Time, cancellationToken);
        }
    }

    private List<SocketSession> Live()
    {
        lock (_lock)
            return [.. _sessions.Where(s => s.IsLive)];
    }

    private SocketSession? NextLive()
    {
        var live = Live();
        return live.Count == 0 ? null : live[(int)((uint)Interlocked.Increment(ref _next) % live.Count)];
    }

    /// <summary>One accepted socket: a send lock (so no envelope follows its disconnect) and the acks it is waiting for.</summary>
    private sealed class SocketSession(WebSocket socket, int number)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject?>> _pending = new();
        private volatile bool _disconnectSent;

        public int Number { get; } = number;

        public bool IsLive => !_disconnectSent && socket.State == WebSocketState.Open;

        public async Task SendAsync(JsonObject message)
        {
            await _sending.WaitAsync();
            try
            {
                await SendUnlockedAsync(message);
            }
            finally
            {
                _sending.Release();
            }
        }

        public async Task SendDisconnectAsync(string reason)
        {
            await _sending.WaitAsync();
            try
            {
                _disconnectSent = true;
                await SendUnlockedAsync(new JsonObject
                {
                    ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "applink-emulator-" + Number },
                });
            }
            catch (WebSocketException)
            {
                // already gone
            }
            finally
            {
                _sending.Release();
            }
        }

        /// <summary>The pending ack, or null when this socket was told to disconnect (or closed) before the envelope could go out.</summary>
        public async Task<Task<JsonObject?>?> TrySendEnvelopeAsync(string envelopeId, JsonObject envelope)
        {
            await _sending.WaitAsync();
            try
            {
                if (!IsLive)
                    return null;
                var ack = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[envelopeId] = ack;
                await SendUnlockedAsync(envelope);
                return ack.Task;
            }
            catch (WebSocketException)
            {
                _pending.TryRemove(envelopeId, out _);
                return null;
            }
            finally
            {
                _sending.Release();
            }
        }

        public void Forget(string envelopeId) => _pending.TryRemove(envelopeId, out _);

        public async Task ReceiveAcksAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer, cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await CloseAsync();
                            return;
                        }
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);
                    Acknowledge(message.ToArray());
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // the bot went away
            }
        }

        private void Acknowledge(byte[] frame)
        {
            JsonObject? ack;
            try
            {
                ack = JsonNode.Parse(frame) as JsonObject;
            }
            catch (JsonException)
            {
                return;
            }
            if (ack?["envelope_id"]?.GetValueKind() != JsonValueKind.String)
                return;
            // An ack counts only on the socket that got the envelope, as on Slack.
            if (_pending.TryRemove(ack["envelope_id"]!.GetValue<string>(), out var waiting))
                waiting.TrySetResult(ack["payload"]?.DeepClone() as JsonObject);
        }

        public async Task CloseAsync()
        {
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // already gone
            }
        }

        public void Abort() => socket.Abort();

        public void FailPending()
        {
            foreach (var id in _pending.Keys)
                if (_pending.TryRemove(id, out var waiting))
                    waiting.TrySetException(new WebSocketException("the connection closed before the ack"));
        }

        private Task SendUnlockedAsync(JsonObject message) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }
}
