using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearningBot.Slack.Receiving;

/// <summary>How a request's signature check ended (https://api.slack.com/authentication/verifying-requests-from-slack).</summary>
public enum SignatureCheck
{
    Valid,
    Missing,
    MalformedTimestamp,
    Stale,
    UnknownVersion,
    Mismatch,
}

/// <summary>Slack's v0 request signature: HMAC-SHA256 over <c>v0:{timestamp}:{raw body}</c> (https://api.slack.com/authentication/verifying-requests-from-slack).</summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    /// <summary>Requests older or newer than this are refused, whatever their signature.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Prefix = "v0=";
    private const int DigestLength = 32;

    /// <summary>The header value Slack would send: <c>v0=</c> and 64 lowercase hex digits.</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[DigestLength];
        Hash(signingSecret, timestamp, body, digest);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>Checks the two headers against the raw body; never throws on hostile input.</summary>
    public static SignatureCheck Verify(
        string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SignatureCheck.Missing;
        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.MalformedTimestamp;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)Window.TotalSeconds)
            return SignatureCheck.Stale;
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal))
            return SignatureCheck.UnknownVersion;

        Span<byte> given = stackalloc byte[DigestLength];
        var hex = signature.AsSpan(Prefix.Length);
        if (hex.Length != DigestLength * 2
            || Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done
            || written != DigestLength)
            return SignatureCheck.Mismatch;

        Span<byte> expected = stackalloc byte[DigestLength];
        Hash(signingSecret, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static void Hash(string signingSecret, string timestamp, ReadOnlySpan<byte> body, Span<byte> digest)
    {
        var keyLength = Encoding.UTF8.GetByteCount(signingSecret);
        var baseLength = 3 + Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(keyLength + baseLength);
        try
        {
            var key = rented.AsSpan(0, keyLength);
            Encoding.UTF8.GetBytes(signingSecret, key);
            var message = rented.AsSpan(keyLength, baseLength);
            "v0:"u8.CopyTo(message);
            var at = 3 + Encoding.UTF8.GetBytes(timestamp, message[3..]);
            message[at++] = (byte)':';
            body.CopyTo(message[at..]);
            HMACSHA256.HashData(key, message, digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }
}
