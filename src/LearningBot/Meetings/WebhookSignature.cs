using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearningBot.Meetings;

/// <summary>How a webhook request's signature check ended.</summary>
internal enum WebhookSignatureCheck
{
    Valid,
    Missing,
    MalformedTimestamp,
    Stale,
    UnknownVersion,
    Mismatch,
}

/// <summary>
/// The webhooks' own signature, independent of the Slack layer: <c>v0=</c> and the hex HMAC-SHA256 of
/// <c>v0:{timestamp}:{body}</c> (the scheme Slack uses, so the same senders' tools work), checked in constant time.
/// </summary>
internal static class WebhookSignature
{
    /// <summary>Requests older or newer than this are refused, whatever their signature.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        $"{Version}={Convert.ToHexStringLower(Digest(secret, timestamp, body))}";

    /// <summary>Checks the two header values against the raw body; never throws on hostile input.</summary>
    public static WebhookSignatureCheck Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return WebhookSignatureCheck.Missing;
        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return WebhookSignatureCheck.MalformedTimestamp;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)Window.TotalSeconds)
            return WebhookSignatureCheck.Stale;
        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal))
            return WebhookSignatureCheck.UnknownVersion;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Version.Length + 1));
        }
        catch (FormatException)
        {
            return WebhookSignatureCheck.Mismatch;
        }
        return CryptographicOperations.FixedTimeEquals(Digest(secret, timestamp, body), given)
            ? WebhookSignatureCheck.Valid
            : WebhookSignatureCheck.Mismatch;
    }

    private static byte[] Digest(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
