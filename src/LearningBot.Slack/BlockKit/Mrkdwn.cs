using System.Text;

namespace LearningBot.Slack.BlockKit;

/// <summary>Slack's mrkdwn text rules (https://api.slack.com/reference/surfaces/formatting#escaping).</summary>
public static class Mrkdwn
{
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
}
