using System.Text.Json;
using LearningBot.Slack.Payloads;
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

    /// <summary>The verified body as JSON, or the response that refuses the request (503 off, 413, 401, 400 not JSON).</summary>
    public static async Task<(JsonDocument? Body, IResult? Refusal)> ReadAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, ILogger logger)
    {
        var settings = options.Value;
        if (!settings.IsOn)
            return (null, Results.Json(new { error = "webhooks are off: set Webhooks:SigningSecret to accept signed requests" },
                statusCode: StatusCodes.Status503ServiceUnavailable));

        if (await WebhookRequestBody.ReadAsync(context.Request, context.RequestAborted) is not { } body)
            return (null, Results.Json(new { error = $"the body is larger than {WebhookRequestBody.MaxBytes} bytes" },
                statusCode: StatusCodes.Status413PayloadTooLarge));

        var check = WebhookSignature.Verify(settings.SigningSecret!.Trim(), context.Request.Headers[TimestampHeader],
            context.Request.Headers[SignatureHeader], body, time.GetUtcNow());
        if (check != WebhookSignatureCheck.Valid)
        {
            LogRefused(logger, context.Request.Path, check);
            return (null, Results.Json(new { error = check switch
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
                return (null, Results.BadRequest(new { errors = new[] { problem } }));
            return (JsonDocument.Parse(body), null);
        }
        catch (JsonException e)
        {
            return (null, Results.BadRequest(new
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
