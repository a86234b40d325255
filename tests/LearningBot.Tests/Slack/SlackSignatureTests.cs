using System.Text;
using LearningBot.Slack.Receiving;

namespace LearningBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    // Slack's documented example (https://api.slack.com/authentication/verifying-requests-from-slack).
    private const string KnownSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string KnownTimestamp = "1531420618";
    private const string KnownBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
        + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string KnownSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(KnownBody);
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Signing_Slacks_documented_example_gives_Slacks_documented_signature() =>
        Assert.Equal(KnownSignature, SlackSignature.Compute(KnownSecret, KnownTimestamp, Body));

    [Fact]
    public void Slacks_documented_example_verifies() =>
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(KnownSecret, KnownTimestamp, KnownSignature, Body, SignedAt.AddSeconds(299)));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_in_either_direction_is_stale(int seconds) =>
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(KnownSecret, KnownTimestamp, KnownSignature, Body, SignedAt.AddSeconds(-seconds)));

    [Theory]
    [InlineData("abc")]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData("99999999999999999999999")]
    [InlineData(" 1531420618")]
    public void A_non_numeric_timestamp_is_rejected_without_throwing(string timestamp) =>
        Assert.Equal(SignatureCheck.MalformedTimestamp, SlackSignature.Verify(KnownSecret, timestamp, KnownSignature, Body, SignedAt));

    [Theory]
    [InlineData(null, KnownSignature)]
    [InlineData(KnownTimestamp, null)]
    [InlineData("", "")]
    public void Missing_headers_are_rejected(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.Missing, SlackSignature.Verify(KnownSecret, timestamp, signature, Body, SignedAt));

    [Theory]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5")]
    [InlineData("v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=")]
    public void A_wrong_or_garbled_signature_is_a_mismatch(string signature) =>
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(KnownSecret, KnownTimestamp, signature, Body, SignedAt));

    [Fact]
    public void Another_signature_version_is_refused() =>
        Assert.Equal(SignatureCheck.UnknownVersion,
            SlackSignature.Verify(KnownSecret, KnownTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", Body, SignedAt));

    [Fact]
    public void A_body_changed_by_one_byte_does_not_verify()
    {
        var tampered = Encoding.UTF8.GetBytes(KnownBody.Replace("text=&", "text=x&", StringComparison.Ordinal));
        Assert.Equal(SignatureCheck.Mismatch, SlackSignature.Verify(KnownSecret, KnownTimestamp, KnownSignature, tampered, SignedAt));
    }
}
