using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace LearningBot.Slack.SocketMode;

/// <summary>A failure to open a Socket Mode connection (no hello, a refused upgrade): worth another attempt.</summary>
public sealed class SocketModeConnectException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One Socket Mode WebSocket: opened from an <c>apps.connections.open</c> URL, ready once Slack says <c>hello</c>; envelopes are
/// handed to the client as they arrive and acked on this same socket (https://api.slack.com/apis/socket-mode#acknowledge).
/// </summary>
internal sealed partial class SocketConnection : IAsyncDisposable
{
    /// <summary>Slack's frames are far smaller; a bigger one ends the connection.</summary>
    private const int MaxFrameBytes = 1024 * 1024;

    private static int _lastNumber;

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, Task> _inFlight = new();
    private readonly TaskCompletionSource<string> _disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task<string> _receiving = Task.FromResult("not started");
    private int _envelopes;
    private int _disposed;

    private SocketConnection(ClientWebSocket socket, string host, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        Host = host;
        _time = time;
        _logger = logger;
        Number = Interlocked.Increment(ref _lastNumber);
    }

    /// <summary>For log lines: connections are numbered in the order this process opened them.</summary>
    public int Number { get; }

    /// <summary>The host only: the URL's query holds a ticket, which stays out of logs.</summary>
    public string Host { get; }

    /// <summary>Completes with the reason when Slack sends <c>disconnect</c> (the socket still works until it is closed).</summary>
    public Task<string> Disconnected => _disconnect.Task;

    /// <summary>Completes with a description when the socket is closed or dies.</summary>
    public Task<string> Closed => _receiving;

    /// <summary>Connects and waits for <c>hello</c>; throws <see cref="SocketModeConnectException"/> when Slack does not say it in time.</summary>
    public static async Task<SocketConnection> OpenAsync(Uri url, SocketModeOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.PingInterval;
        socket.Options.KeepAliveTimeout = options.PingTimeout;
        var connection = new SocketConnection(socket, url.Host, time, logger);
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        helloTimeout.CancelAfter(options.HelloTimeout);
        try
        {
            await socket.ConnectAsync(url, helloTimeout.Token);
            var first = await connection.ReceiveFrameAsync(helloTimeout.Token);
            var hello = first is null ? null : SocketEnvelope.Parse(first);
            if (hello?.Type != SocketEnvelope.Hello)
                throw new SocketModeConnectException($"{url.Host} sent {(first is null ? "a close" : hello?.Type ?? "an unreadable frame")} instead of hello");
            return connection;
        }
        catch (Exception e) when (e is WebSocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await connection.DisposeAsync();
            throw new SocketModeConnectException($"{url.Host} did not say hello within {options.HelloTimeout.TotalSeconds:0.#} s", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts reading frames; each envelope is handled concurrently (so their inbox writes share a commit).</summary>
    public void Start(Func<SocketConnection, SocketEnvelope, CancellationToken, Task> onEnvelope) =>
        _receiving = ReceiveLoopAsync(onEnvelope);

    /// <summary>Acks an envelope on this socket, with the answer Slack shows the user when there is one.</summary>
    public async Task AckAsync(string envelopeId, JsonObject? payload, CancellationToken cancellationToken)
    {
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (payload is not null)
            ack["payload"] = payload;
        var bytes = System.Text.Encoding.UTF8.GetBytes(ack.ToJsonString());
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Lets the envelopes already received finish their inbox write and ack (within <paramref name="drainTimeout"/>), then closes
    /// the socket. Used for the old socket after its replacement said hello, and at shutdown.
    /// </summary>
    public async Task CloseAsync(TimeSpan drainTimeout)
    {
        using var drain = new CancellationTokenSource(drainTimeout, _time);
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(_logger, Number, _inFlight.Count);
        }
        catch (Exception)
        {
            // handler failures are logged where they happen
        }
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "replaced", closing.Token);
                await _receiving.WaitAsync(closing.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the peer went away first; nothing left to close politely
        }
        await DisposeAsync();
    }

    private async Task<string> ReceiveLoopAsync(Func<SocketConnection, SocketEnvelope, CancellationToken, Task> onEnvelope)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var frame = await ReceiveFrameAsync(_stop.Token);
                if (frame is null)
                    return $"closed by Slack ({_socket.CloseStatus?.ToString() ?? "no status"} {_socket.CloseStatusDescription})".TrimEnd();
                var envelope = SocketEnvelope.Parse(frame);
                if (envelope is null)
                {
                    LogUnreadableFrame(_logger, Number, frame.Length);
                    continue;
                }
                if (envelope.Type == SocketEnvelope.Disconnect)
                {
                    _disconnect.TrySetResult(envelope.Reason ?? "unknown");
                    continue;
                }
                if (!envelope.IsRequest || envelope.EnvelopeId is null)
                {
                    LogIgnoredFrame(_logger, Number, envelope.Type);
                    continue;
                }
                var key = Interlocked.Increment(ref _envelopes);
                var work = onEnvelope(this, envelope, _stop.Token);
                _inFlight[key] = work;
                _ = work.ContinueWith(_ => _inFlight.TryRemove(key, out var _), TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            return e is OperationCanceledException ? "stopped" : $"lost ({e.Message})";
        }
    }

    /// <summary>One whole text message, or null when the peer closed the socket.</summary>
    private async Task<byte[]?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxFrameBytes)
                throw new InvalidDataException($"a frame over {MaxFrameBytes} bytes");
            if (result.EndOfMessage)
                return buffer.WrittenSpan.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        await ((Task)_receiving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode connection {Number}: closed with {Count} envelopes still being stored; Slack redelivers them")]
    private static partial void LogDrainTimedOut(ILogger logger, int number, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode connection {Number}: ignored an unreadable frame of {Bytes} bytes")]
    private static partial void LogUnreadableFrame(ILogger logger, int number, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Socket Mode connection {Number}: ignored a '{Type}' frame")]
    private static partial void LogIgnoredFrame(ILogger logger, int number, string type);
}
