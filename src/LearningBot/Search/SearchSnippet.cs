using System.Text.Json;
using System.Text.RegularExpressions;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Search;

/// <summary>
/// Turns a field's headline (the matched words between <see cref="Mark"/>s) into readable mrkdwn: Markdown marks,
/// headings, link targets and list bullets left out, and a quiz shown as the question that matched with its options.
/// </summary>
internal static partial class SearchSnippet
{
    public const char Mark = '\u0001';
    private const int QuizMaxLength = 300;

    /// <summary>A question of the lesson as the index reads it: the prompt and its options joined by "; ".</summary>
    public sealed record Question(string Prompt, string? Options);

    public static string Fragment(string headline)
    {
        var text = MarkdownLines().Replace(headline.ReplaceLineEndings("\n"), "");
        text = Links().Replace(text, "$1");
        text = LinkRest().Replace(text, "");
        text = Emphasis().Replace(text, "");
        text = Spaces().Replace(text.Replace('|', ' ').Replace('[', ' ').Replace(']', ' '), " ").Trim();
        return Mrkdwn.Ellipsis + Mrkdwn.Escape(text).Replace(Mark, '*') + Mrkdwn.Ellipsis;
    }

    /// <summary>The question holding most of the headline's marked words, quoted, then its options separated by " · ".</summary>
    public static string Quiz(string headline, string? questionsJson)
    {
        var questions = questionsJson is null ? [] : JsonSerializer.Deserialize<List<Question>>(questionsJson, Json) ?? [];
        var marked = Marked().Matches(headline).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        var best = questions
            .Select(q => (Question: q, Hits: marked.Count(w => Contains(q.Prompt + " " + q.Options, w))))
            .Where(q => q.Hits > 0)
            .OrderByDescending(q => q.Hits)
            .Select(q => q.Question)
            .FirstOrDefault();
        if (best is null)
            return Fragment(headline);
        var options = (best.Options ?? "").Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = $"“{Bold(best.Prompt.Trim(), marked)}”"
            + (options.Length > 0 ? " " + string.Join(" · ", options.Select(o => Bold(o, marked))) : "");
        return Mrkdwn.Truncate(text, QuizMaxLength);
    }

    private static bool Contains(string text, string word) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Bolds whole words of escaped text, never inside an entity such as <c>&amp;amp;</c>.</summary>
    private static string Bold(string text, IReadOnlyList<string> words)
    {
        var escaped = Mrkdwn.Escape(text);
        foreach (var word in words)
            escaped = Regex.Replace(escaped, $@"(?<![\p{{L}}\p{{N}}*&]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}*;])", m => $"*{m.Value}*",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return escaped;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Headings, block quotes, list bullets and table rules at the start of a line.</summary>
    [GeneratedRegex(@"(?m)^[ \t]*(?:#{1,6}[ \t]*|>[ \t]*|[-*+][ \t]+|\d+\.[ \t]+|[|:\- \t]{3,}$)")]
    private static partial Regex MarkdownLines();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Links();

    /// <summary>What a cut fragment leaves of a link: its target, from "](" to the end or the closing parenthesis.</summary>
    [GeneratedRegex(@"\]\([^)\s]*\)?")]
    private static partial Regex LinkRest();

    [GeneratedRegex(@"\*\*|__|~~|`|(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\u0001([^\u0001]+)\u0001")]
    private static partial Regex Marked();
}
