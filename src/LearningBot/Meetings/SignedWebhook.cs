using System.Text.Json;
using LearningBot.Slack.Payloads;
using LearningBot.Infrastructure.Replay;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>
/// What /api/meetings and /api/opportunities share: Slack's v0 signing scheme under our own headers.
/// X-LearningBot-Signature is <c>v0=</c> and the hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c> under
/// Webhooks:SigningSecret; X-LearningBot-Request-Timestamp is Unix seconds within five minutes of our clock, so a
/// captured request cannot be replayed later (<see cref="WebhookSignature"/>).
/// </summary>
internal static partial class SignedWebhook
{
    public const string SignatureHeader = "X-LearningBot-Signature";
    public const string TimestampHeader = "X-LearningBot-Request-Timestamp";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) => WebhookSignature.Sign(secret, timestamp, body);

    /// <summary>
    /// The verified body as JSON with the claim on its signature the write takes (<see cref="WebhookReplayCheck"/>), or the
    /// response that refuses the request (503 off, 413, 401, 400 not JSON).
    /// </summary>
    public static async Task<(JsonDocument? Body, WebhookReplayCheck? Replay, IResult? Refusal)> ReadAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, ReplayCache replays, ILogger logger)
    {
        var settings = options.Value;
        if (!settings.IsOn)
            return (null, null, Results.Json(new { error = "webhooks are off: set Webhooks:SigningSecret to accept signed requests" },
                statusCode: StatusCodes.Status503ServiceUnavailable));

        if (await WebhookRequestBody.ReadAsync(context.Request, context.RequestAborted) is not { } body)
            return (null, null, Results.Json(new { error = $"the body is larger than {WebhookRequestBody.MaxBytes} bytes" },
                statusCode: StatusCodes.Status413PayloadTooLarge));

        var now = time.GetUtcNow();
        var signature = context.Request.Headers[SignatureHeader].ToString();
        var check = WebhookSignature.Verify(settings.SigningSecret!.Trim(), context.Request.Headers[TimestampHeader], signature, body, now);
        if (check != WebhookSignatureCheck.Valid)
        {
            LogRefused(logger, context.Request.Path, check);
            return (null, null, Results.Json(new { error = check switch
            {
                WebhookSignatureCheck.Missing => $"missing {SignatureHeader} or {TimestampHeader}",
                WebhookSignatureCheck.MalformedTimestamp => $"{TimestampHeader} must be Unix seconds",
                WebhookSignatureCheck.Stale => "the request timestamp is more than five minutes away from now",
                WebhookSignatureCheck.UnknownVersion => "the signature must start with v0=",
                _ => "the signature does not match",
            } }, statusCode: StatusCodes.Status401Unauthorized));
        }

        try
        {
            if (StorableText.JsonProblem(body) is { } problem)
                return (null, null, Results.BadRequest(new { errors = new[] { problem } }));
            // The hex digits are read in either case; the cache keys on one spelling so a re-cased copy is a replay too.
            return (JsonDocument.Parse(body), new WebhookReplayCheck(replays, signature.ToLowerInvariant(), now), null);
        }
        catch (JsonException e)
        {
            return (null, null, Results.BadRequest(new
            {
                errors = new[] { $"the body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})" },
            }));
        }
    }

    /// <summary>
    /// Runs the part that writes; while the database cannot be reached the sender gets 503 (try again) instead of a 500, and
    /// nothing was written because every webhook writes in one transaction.
    /// </summary>
    public static async Task<IResult> WriteAsync(HttpContext context, ILogger logger, Func<Task<IResult>> write)
    {
        try
        {
            return await write();
        }
        catch (NpgsqlException e) when (e.IsTransient && !context.RequestAborted.IsCancellationRequested)
        {
            LogDatabaseDown(logger, e, context.Request.Path);
            context.Response.Headers.RetryAfter = "30";
            return Results.Json(new { error = "the database is unavailable; nothing was written, try again" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write a webhook request to {Path}: the database is unavailable; answered 503")]
    private static partial void LogDatabaseDown(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a webhook request to {Path}: {Check}")]
    private static partial void LogRefused(ILogger logger, string path, WebhookSignatureCheck check);
}
