using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningBot.Slack.BlockKit;

/// <summary>
/// Slack's mrkdwn text rules (https://api.slack.com/reference/surfaces/formatting#escaping). Mentions, channel links, URL links
/// and dates are <see cref="MrkdwnToken"/>s that are never escaped; <see cref="Text"/> escapes only the plain text put around them.
/// </summary>
public static partial class Mrkdwn
{
    /// <summary>Appended to truncated text; one character.</summary>
    public const string Ellipsis = "…";

    /// <summary>Escapes the three characters Slack treats as control characters: &amp;, &lt; and &gt;. Nothing else.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    /// <summary>Cuts mrkdwn to at most <paramref name="maxLength"/> characters, ellipsis included, without splitting an
    /// escape (<c>&amp;amp;</c>), a control sequence (<c>&lt;@U123&gt;</c>, <c>&lt;url|label&gt;</c>), a surrogate pair or any other grapheme.</summary>
    public static string Truncate(string mrkdwn, int maxLength) => Cut(mrkdwn, maxLength, mrkdwn: true);

    /// <summary>Cuts plain text to at most <paramref name="maxLength"/> characters, ellipsis included, on a grapheme boundary.</summary>
    public static string TruncatePlainText(string text, int maxLength) => Cut(text, maxLength, mrkdwn: false);

    /// <summary>
    /// Mrkdwn from an interpolated string: the literal parts are the caller's own mrkdwn (<c>*bold*</c>, <c>:emoji:</c>), every
    /// string or number put in a hole is escaped, and a <see cref="MrkdwnToken"/> in a hole goes in as it is.
    /// </summary>
    public static string Text(ref MrkdwnInterpolatedStringHandler text) => text.ToStringAndClear();

    /// <summary>Mrkdwn that was built or converted elsewhere (a lesson body), to be put into <see cref="Text"/> unescaped.</summary>
    public static MrkdwnToken Verbatim(string mrkdwn) => new(mrkdwn);

    /// <summary>A user mention, <c>&lt;@U123&gt;</c> (https://api.slack.com/reference/surfaces/formatting#mentioning-users).</summary>
    public static MrkdwnToken User(string userId)
    {
        if (!UserId().IsMatch(userId))
            throw new ArgumentException($"'{userId}' is not a Slack user id (U… or W…).", nameof(userId));
        return new($"<@{userId}>");
    }

    /// <summary>
    /// A date shown in the reader's own time zone, <c>&lt;!date^1796839200^{date_short_pretty} at {time}|fallback&gt;</c>
    /// (https://api.slack.com/reference/surfaces/formatting#date-formatting); <paramref name="fallback"/> is what clients
    /// that cannot format dates show, escaped.
    /// </summary>
    public static MrkdwnToken Date(DateTimeOffset at, string format, string fallback)
    {
        if (format.Length == 0 || format.AsSpan().IndexOfAny('|', '^', '<') >= 0 || format.Contains('>', StringComparison.Ordinal))
            throw new ArgumentException($"'{format}' is not a date format: use tokens such as {{date_short_pretty}} and {{time}}, without | ^ < >.", nameof(format));
        return new($"<!date^{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{format}|{Escape(fallback.Replace("|", "/", StringComparison.Ordinal))}>");
    }

    /// <summary>A channel link, <c>&lt;#C123&gt;</c> (https://api.slack.com/reference/surfaces/formatting#linking-channels).</summary>
    public static MrkdwnToken Channel(string channelId)
    {
        if (!ChannelId().IsMatch(channelId))
            throw new ArgumentException($"'{channelId}' is not a Slack channel id (C…, G… or D…).", nameof(channelId));
        return new($"<#{channelId}>");
    }

    /// <summary>A link, <c>&lt;url|label&gt;</c>, with the label escaped and the URL made safe inside the brackets
    /// (https://api.slack.com/reference/surfaces/formatting#linking-urls).</summary>
    public static MrkdwnToken Link(string url, string? label = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeMailto))
            throw new ArgumentException($"'{url}' is not an absolute http, https or mailto URL.", nameof(url));

        // '|' would end the URL early, '<' '>' the sequence and a space the link: percent-encode them; '&' is escaped as in any mrkdwn.
        var safeUrl = Escape(url.Replace("|", "%7C", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal)
            .Replace(">", "%3E", StringComparison.Ordinal)
            .Replace(" ", "%20", StringComparison.Ordinal));
        return new(string.IsNullOrEmpty(label) ? $"<{safeUrl}>" : $"<{safeUrl}|{Escape(label)}>");
    }

    private static string Cut(string text, int maxLength, bool mrkdwn)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Ellipsis.Length);
        if (text.Length <= maxLength)
            return text;

        var budget = maxLength - Ellipsis.Length;
        var cut = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var end = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (end > budget)
                break;
            cut = end;
        }

        if (mrkdwn)
            cut = BeforeOpenSequence(text, cut);
        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>Moves the cut back to the start of a control sequence or escape that the cut would split.</summary>
    private static int BeforeOpenSequence(string text, int cut)
    {
        var head = text.AsSpan(0, cut);
        var open = head.LastIndexOf('<');
        if (open >= 0 && head[open..].IndexOf('>') < 0)
            cut = open;

        head = text.AsSpan(0, cut);
        var amp = head.LastIndexOf('&');
        if (amp >= 0 && head[amp..].IndexOf(';') < 0)
        {
            var rest = text.AsSpan(amp);
            if (rest.StartsWith("&amp;") || rest.StartsWith("&lt;") || rest.StartsWith("&gt;"))
                cut = amp;
        }
        return cut;
    }

    [GeneratedRegex("^[UW][A-Z0-9]{2,}$")]
    private static partial Regex UserId();

    [GeneratedRegex("^[CGD][A-Z0-9]{2,}$")]
    private static partial Regex ChannelId();
}
