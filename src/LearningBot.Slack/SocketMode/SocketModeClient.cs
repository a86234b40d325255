using System.Text.Json.Nodes;
using LearningBot.Slack.Receiving;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack.SocketMode;

/// <summary>
/// Socket Mode (https://api.slack.com/apis/socket-mode), on when <c>Slack:AppToken</c> is set: connects through
/// <c>apps.connections.open</c>, stores every envelope in the same inbox as the HTTP endpoints (same dedupe keys, same handlers)
/// and acks it on the socket it came on once stored. On <c>disconnect</c> or a dead socket it opens the next connection before
/// closing the old one, so nothing is left unacked in between; on <c>link_disabled</c> it stops.
/// </summary>
public sealed partial class SocketModeClient(
    ISlackApi slack,
    ISlackInbox inbox,
    IOptionsMonitor<SlackOptions> slackOptions,
    IOptions<SocketModeOptions> options,
    SocketModeStatus status,
    TimeProvider time,
    SlackTelemetry telemetry,
    ILogger<SocketModeClient> logger) : BackgroundService
{
    public const string LinkDisabled = "link_disabled";
    private const string TooManyWebsockets = "too_many_websockets";

    private readonly SocketModeOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(slackOptions.CurrentValue.AppToken))
            return;
        status.Set(SocketModeState.Connecting, "connecting");

        var retiring = new List<Task>();
        SocketConnection? current = null;
        try
        {
            current = await ConnectAsync(stoppingToken);
            while (current is not null)
            {
                await Task.WhenAny(current.Disconnected, current.Closed).WaitAsync(stoppingToken);
                retiring.RemoveAll(t => t.IsCompleted);
                if (current.Disconnected.IsCompleted)
                {
                    var reason = current.Disconnected.Result;
                    if (reason == LinkDisabled)
                    {
                        LogLinkDisabled(logger, current.Number);
                        status.Set(SocketModeState.Stopped, "stopped: Slack disabled Socket Mode for this app (link_disabled); turn it on again and restart");
                        await current.CloseAsync(_options.DrainTimeout);
                        current = null;
                        return;
                    }
                    LogDisconnectRequested(logger, current.Number, reason);
                    status.Set(SocketModeState.Connecting, $"reconnecting: Slack asked to ({reason})");
                    if (reason == TooManyWebsockets)
                    {
                        // Slack refuses another socket here, so the old one goes first.
                        await current.CloseAsync(_options.DrainTimeout);
                        current = await ConnectAsync(stoppingToken);
                        continue;
                    }
                }
                else
                {
                    LogConnectionLost(logger, current.Number, current.Closed.Result);
                    status.Set(SocketModeState.Connecting, $"reconnecting: connection {current.Number} {current.Closed.Result}");
                }
                var next = await ConnectAsync(stoppingToken);
                retiring.Add(current.CloseAsync(_options.DrainTimeout));
                current = next;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            if (current is not null)
                retiring.Add(current.CloseAsync(_options.DrainTimeout));
            await Task.WhenAll(retiring);
        }
    }

    /// <summary>A new connection that has said hello, or null when Slack refuses the app token for good.</summary>
    private async Task<SocketConnection?> ConnectAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var url = await slack.OpenSocketConnectionAsync(stoppingToken);
                var connection = await SocketConnection.OpenAsync(url, _options, time, logger, stoppingToken);
                connection.Start(HandleEnvelopeAsync);
                LogConnected(logger, connection.Number, connection.Host);
                status.Set(SocketModeState.Connected, $"connection {connection.Number} to {connection.Host} is open");
                return connection;
            }
            catch (SlackApiException e) when (e.IsPermanent)
            {
                LogRefused(logger, e.Error);
                status.Set(SocketModeState.Stopped, $"stopped: apps.connections.open refused Slack:AppToken ({e.Error}); fix the token and restart");
                return null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Anything else (Slack unreachable, no hello, a refused upgrade) may pass: try again, never take the host down.
                var delay = Backoff(attempt);
                LogConnectFailed(logger, attempt, e.Message, delay);
                status.Set(SocketModeState.Connecting, $"connecting: attempt {attempt} failed ({e.Message}); next in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(_options.MaxReconnectDelay.TotalSeconds, Math.Pow(2, attempt - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <summary>Inbox before ack, exactly as over HTTP; not stored means not acked, so Slack delivers it again.</summary>
    private async Task HandleEnvelopeAsync(SocketConnection connection, SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (kind, outcome) = await StoreAndAckAsync(connection, envelope, cancellationToken);
        if (kind is { } known)
            telemetry.Acked(known, outcome, time.GetElapsedTime(started), SlackTelemetry.SocketModeTransport);
    }

    /// <summary>What was received (null when it could not be read) and how its ack went, for the ack-duration metric.</summary>
    private async Task<(InboxKind? Kind, string Outcome)> StoreAndAckAsync(SocketConnection connection, SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        var envelopeId = envelope.EnvelopeId!;
        InboxKind? kind = null;
        try
        {
            var decision = envelope.ToIntake();
            if (decision.Outcome != IntakeOutcome.Store)
            {
                // Slack would only send the same payload again, so a malformed one is acked and dropped.
                if (decision.Outcome == IntakeOutcome.Malformed)
                    LogMalformed(logger, connection.Number, envelope.Type, decision.Detail ?? "");
                await connection.AckAsync(envelopeId, null, cancellationToken);
                return (null, AckOutcome.Malformed);
            }

            var request = decision.Request!;
            kind = request.Kind;
            JsonObject? answer = null;
            var outcome = AckOutcome.Stored;
            try
            {
                var receipt = await inbox.StoreAsync(request, cancellationToken);
                if (receipt.Duplicate)
                {
                    LogDuplicate(logger, request.Kind, request.DedupeKey, envelope.RetryAttempt);
                    outcome = AckOutcome.Duplicate;
                }
                else if (receipt.InlineAnswer is { } inline)
                {
                    answer = await inline;
                    outcome = answer is null ? AckOutcome.Stored : AckOutcome.Answered;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStoreFailed(logger, e, envelope.Type, request.Kind);
                return (kind, AckOutcome.Unavailable);
            }
            await connection.AckAsync(envelopeId, answer, cancellationToken);
            return (kind, outcome);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            LogAckFailed(logger, connection.Number, envelope.Type);
            return (kind, AckOutcome.Unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Socket Mode connection {Number} to {Host} is open")]
    private static partial void LogConnected(ILogger logger, int number, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Socket Mode connection {Number}: Slack asked to reconnect ({Reason}); opening the next connection before closing this one")]
    private static partial void LogDisconnectRequested(ILogger logger, int number, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode connection {Number} {Why}; connecting again")]
    private static partial void LogConnectionLost(ILogger logger, int number, string why);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Socket Mode connection {Number}: Slack disabled Socket Mode for this app (link_disabled). Not reconnecting: turn Socket Mode on again in the app's settings and restart, or use the HTTP endpoints with Slack:SigningSecret")]
    private static partial void LogLinkDisabled(ILogger logger, int number);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Socket Mode is off: apps.connections.open refused Slack:AppToken ({Error}). Check that the app-level token is current and has the connections:write scope, then restart")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode: connecting failed (attempt {Attempt}: {Problem}); trying again in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, int attempt, string problem, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode connection {Number}: dropped a malformed {Type} envelope: {Problem}")]
    private static partial void LogMalformed(ILogger logger, int number, string type, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a Slack {Kind} from a {Type} envelope; not acked so Slack delivers it again")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string type, InboxKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped duplicate Slack {Kind} {DedupeKey} (retry {RetryAttempt})")]
    private static partial void LogDuplicate(ILogger logger, InboxKind kind, string dedupeKey, int retryAttempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket Mode connection {Number}: could not ack a {Type} envelope (the socket closed); Slack delivers it again, and if it was stored the copy is dropped as a duplicate")]
    private static partial void LogAckFailed(ILogger logger, int number, string type);
}
