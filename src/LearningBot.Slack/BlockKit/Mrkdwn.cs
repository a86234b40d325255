using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningBot.Slack.BlockKit;

/// <summary>Slack's mrkdwn text rules (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
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

    /// <summary>A user mention, <c>&lt;@U123&gt;</c> (https://api.slack.com/reference/surfaces/formatting#mentioning-users).</summary>
    public static string User(string userId)
    {
        if (!UserId().IsMatch(userId))
            throw new ArgumentException($"'{userId}' is not a Slack user id (U… or W…).", nameof(userId));
        return $"<@{userId}>";
    }

    /// <summary>A channel link, <c>&lt;#C123&gt;</c> (https://api.slack.com/reference/surfaces/formatting#linking-channels).</summary>
    public static string Channel(string channelId)
    {
        if (!ChannelId().IsMatch(channelId))
            throw new ArgumentException($"'{channelId}' is not a Slack channel id (C…, G… or D…).", nameof(channelId));
        return $"<#{channelId}>";
    }

    /// <summary>A link, <c>&lt;url|label&gt;</c>, with the label escaped and the URL made safe inside the brackets
    /// (https://api.slack.com/reference/surfaces/formatting#linking-urls).</summary>
    public static string Link(string url, string? label = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeMailto))
            throw new ArgumentException($"'{url}' is not an absolute http, https or mailto URL.", nameof(url));

        // '|' would end the URL early, '<' '>' the sequence and a space the link: percent-encode them; '&' is escaped as in any mrkdwn.
        var safeUrl = Escape(url.Replace("|", "%7C", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal)
            .Replace(">", "%3E", StringComparison.Ordinal)
            .Replace(" ", "%20", StringComparison.Ordinal));
        return string.IsNullOrEmpty(label) ? $"<{safeUrl}>" : $"<{safeUrl}|{Escape(label)}>";
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
