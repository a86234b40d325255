using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.Payloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack.Receiving;

/// <summary>
/// <c>POST /slack/events</c>, <c>/slack/commands</c>, <c>/slack/interactions</c>: verify the signature over the raw body, store the
/// request in the inbox, then ack (https://api.slack.com/apis/connections/events-api#responding).
/// </summary>
public static partial class SlackEndpoints
{
    public const string EventsPath = "/slack/events";
    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";

    /// <summary>Slack's payloads are far smaller; anything bigger is refused unread.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var receiver = new Receiver(
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints).FullName!),
            services.GetRequiredService<IOptionsMonitor<SlackOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ISlackInbox>(),
            services.GetRequiredService<IReplayGuard>(),
            services.GetRequiredService<SlackTelemetry>());
        endpoints.MapPost(EventsPath, (HttpContext context) => ReceiveAsync(context, InboxKind.Event, receiver));
        endpoints.MapPost(CommandsPath, (HttpContext context) => ReceiveAsync(context, InboxKind.Command, receiver));
        endpoints.MapPost(InteractionsPath, (HttpContext context) => ReceiveAsync(context, InboxKind.Interaction, receiver));
        return endpoints;
    }

    private sealed record Receiver(
        ILogger Logger, IOptionsMonitor<SlackOptions> Options, TimeProvider Time, ISlackInbox Inbox, IReplayGuard Replays, SlackTelemetry Telemetry);

    private static async Task ReceiveAsync(HttpContext context, InboxKind kind, Receiver receiver)
    {
        var started = receiver.Time.GetTimestamp();
        var outcome = AckOutcome.Unavailable;
        try
        {
            outcome = await ReceiveAndAnswerAsync(context, kind, receiver);
        }
        finally
        {
            receiver.Telemetry.Acked(kind, outcome, receiver.Time.GetElapsedTime(started));
        }
    }

    private static async Task<string> ReceiveAndAnswerAsync(HttpContext context, InboxKind kind, Receiver receiver)
    {
        var logger = receiver.Logger;
        var request = context.Request;
        var response = context.Response;
        var cancellationToken = context.RequestAborted;

        if (request.ContentLength > MaxBodyBytes)
        {
            LogTooLarge(logger, request.Path, request.ContentLength.Value);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return AckOutcome.Malformed;
        }
        var body = await ReadBodyAsync(request.BodyReader, cancellationToken);
        if (body is null)
        {
            LogTooLarge(logger, request.Path, MaxBodyBytes + 1L);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return AckOutcome.Malformed;
        }

        // Slack probes a slash command URL with ssl_check=1; bolt answers it without a signature and ignores every other field.
        if (kind == InboxKind.Command && SlackIntake.IsSslCheck(request.ContentType, body))
            return AckOutcome.Answered;

        var secret = receiver.Options.CurrentValue.SigningSecret;
        var now = receiver.Time.GetUtcNow();
        SignatureCheck check;
        using (SlackTelemetry.Source.StartActivity("slack.verify"))
        {
            check = string.IsNullOrEmpty(secret)
                ? SignatureCheck.Missing
                : SlackSignature.Verify(secret, request.Headers[SlackSignature.TimestampHeader], request.Headers[SlackSignature.SignatureHeader], body, now);
        }
        if (check != SignatureCheck.Valid)
        {
            LogRejected(logger, request.Path, check, string.IsNullOrEmpty(secret));
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return AckOutcome.Rejected;
        }

        var decision = SlackIntake.Decide(kind, request.ContentType, Encoding.UTF8.GetString(body));
        switch (decision.Outcome)
        {
            case IntakeOutcome.Malformed:
                LogMalformed(logger, request.Path, decision.Detail ?? "");
                response.StatusCode = StatusCodes.Status400BadRequest;
                return AckOutcome.Malformed;
            case IntakeOutcome.Challenge:
                await response.WriteAsJsonAsync(new Dictionary<string, string> { ["challenge"] = decision.Detail! }, cancellationToken);
                return AckOutcome.Answered;
            case IntakeOutcome.Acknowledge:
                return AckOutcome.Answered;
        }

        var inboxRequest = decision.Request!;
        InboxReceipt receipt;
        try
        {
            // Events need no replay check: their event_id already makes a second copy a duplicate in the inbox.
            if (inboxRequest.Kind != InboxKind.Event
                && !await receiver.Replays.FirstTimeAsync(SignatureKey(request.Headers[SlackSignature.SignatureHeader].ToString()), now, cancellationToken))
            {
                // Slack signs every request it sends anew, so the same signature twice is a replay (or a proxy repeating a
                // request already stored): an empty 200 tells the sender nothing and runs nothing.
                LogReplayed(logger, request.Path, inboxRequest.Kind);
                return AckOutcome.Duplicate;
            }
            using var store = SlackTelemetry.Source.StartActivity("inbox.store");
            store?.SetTag("slack.request.kind", SlackTelemetry.EndpointName(inboxRequest.Kind));
            receipt = await receiver.Inbox.StoreAsync(inboxRequest, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored means not acked: Slack retries events, and the user sees the command fail instead of silence.
            LogStoreFailed(logger, e, request.Path, inboxRequest.Kind);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return AckOutcome.Unavailable;
        }

        if (receipt.Duplicate)
        {
            LogDuplicate(logger, inboxRequest.Kind, inboxRequest.DedupeKey, request.Headers[SlackSignature.RetryNumHeader].ToString());
            return AckOutcome.Duplicate;
        }
        JsonObject? answer = null;
        if (receipt.InlineAnswer is { } inline)
        {
            try
            {
                answer = await inline;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // An inbox that could not finish the inline answer: no ack, so the user sees the command fail instead of silence.
                LogStoreFailed(logger, e, request.Path, inboxRequest.Kind);
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return AckOutcome.Unavailable;
            }
        }
        if (answer is not null)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(answer);
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = json.Length;
            await response.Body.WriteAsync(json, cancellationToken);
            return AckOutcome.Answered;
        }
        return AckOutcome.Stored;
    }

    /// <summary>The hex digits are read in either case, so the replay cache keys on one spelling of them.</summary>
    private static string SignatureKey(string signature) => signature.ToLowerInvariant();

    /// <summary>The raw body, or null when it is over <see cref="MaxBodyBytes"/> (our own signed webhooks read theirs this way too).</summary>
    public static async Task<byte[]?> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }
            if (read.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused Slack request to {Path}: signature {Check} (no signing secret configured: {NoSecret})")]
    private static partial void LogRejected(ILogger logger, PathString path, SignatureCheck check, bool noSecret);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused Slack request to {Path}: body of {Bytes} bytes is over the limit")]
    private static partial void LogTooLarge(ILogger logger, PathString path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused signed Slack request to {Path}: {Problem}")]
    private static partial void LogMalformed(ILogger logger, PathString path, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a Slack {Kind} from {Path}; answered 503 so it is not lost")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, PathString path, InboxKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a replayed Slack {Kind} to {Path}: its signature was accepted before")]
    private static partial void LogReplayed(ILogger logger, PathString path, InboxKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped duplicate Slack {Kind} {DedupeKey} (retry {RetryNum})")]
    private static partial void LogDuplicate(ILogger logger, InboxKind kind, string dedupeKey, string retryNum);
}
