using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LearningBot.Content;

/// <summary>
/// The <c>quiz</c> list, checked so every question can be answered, graded and shown in Slack:
/// radio buttons and checkboxes take at most 10 options of at most 75 characters.
/// </summary>
internal static class QuizParser
{
    public const int MaxOptions = 10;
    public const int OptionTextLimit = 75;
    public const int PromptLimit = 2000;

    private static readonly Dictionary<string, string[]> KeysByKind = new(StringComparer.Ordinal)
    {
        ["choice"] = ["kind", "prompt", "options", "correct", "explanation"],
        ["pick"] = ["kind", "prompt", "count", "options", "correct", "explanation"],
        ["match"] = ["kind", "prompt", "pairs", "distractors", "explanation"],
    };

    public static IReadOnlyList<AuthoredQuestion> Parse(YamlMap frontMatter)
    {
        var sequence = frontMatter.Sequence("quiz");
        if (sequence is null || sequence.Children.Count == 0)
        {
            frontMatter.Report.Error(frontMatter.Path, frontMatter.KeyLine("quiz"),
                "the lesson has no quiz; add at least one question (choice, pick or match) that shows the seller reached the objective");
            return [];
        }
        var questions = new List<AuthoredQuestion>();
        var position = 0;
        foreach (var node in sequence.Children)
        {
            position++;
            var context = $"question {position}";
            if (node is not YamlMappingNode mapping)
            {
                frontMatter.Report.Error(frontMatter.Path, frontMatter.LineOf(node),
                    $"{context} must be a group of keys starting with \"kind:\" and \"prompt:\"");
                continue;
            }
            var question = new YamlMap(mapping, frontMatter.Path, frontMatter.LineOffset, frontMatter.Report, context);
            var kind = question.String("kind");
            if (kind is null || !KeysByKind.TryGetValue(kind, out var keys))
            {
                question.Report.Error(question.Path, question.KeyLine("kind"), kind is null
                    ? $"{context} needs a \"kind\": choice (one right answer), pick (choose several) or match (pair items)"
                    : $"{context} has the kind \"{kind}\"; use choice, pick or match");
                continue;
            }
            question = question.WithContext($"{context} ({kind})");
            question.RejectUnknownKeys(keys);
            var prompt = question.String("prompt", required: true) ?? "";
            if (prompt.Length > PromptLimit)
                question.Report.Error(question.Path, question.KeyLine("prompt"),
                    $"the prompt of {context} is {prompt.Length} characters; Slack shows at most {PromptLimit}, so shorten it");
            var explanation = question.String("explanation");
            if (explanation is { Length: > PromptLimit })
                question.Report.Error(question.Path, question.KeyLine("explanation"),
                    $"the explanation of {context} is {explanation.Length} characters; keep it under {PromptLimit}");
            questions.Add(kind switch
            {
                "choice" => Choice(question, context, prompt, explanation),
                "pick" => Pick(question, context, prompt, explanation),
                _ => Match(question, context, prompt, explanation),
            });
        }
        return questions;
    }

    private static AuthoredQuestion Choice(YamlMap question, string context, string prompt, string? explanation)
    {
        var options = Options(question, context);
        var correct = question.String("correct", required: true);
        if (correct is not null && options.Count > 0 && !options.Contains(correct, StringComparer.Ordinal))
            question.Report.Error(question.Path, question.KeyLine("correct"),
                $"the right answer \"{correct}\" of {context} is not one of its options; copy it exactly from the options");
        if (options.Count is > 0 and < 2)
            question.Report.Error(question.Path, question.KeyLine("options"), $"{context} needs at least two options to choose from");
        return new AuthoredQuestion("choice", prompt, options, correct is null ? [] : [correct], null, [], [], explanation);
    }

    private static AuthoredQuestion Pick(YamlMap question, string context, string prompt, string? explanation)
    {
        var options = Options(question, context);
        int? count = null;
        if (question.String("count", required: true) is { } countText)
        {
            if (int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                count = parsed;
            else
                question.Report.Error(question.Path, question.KeyLine("count"),
                    $"\"count\" in {context} must be a whole number, such as 3; found \"{countText}\"");
        }
        if (count is { } n && options.Count > 0 && (n < 2 || n >= options.Count))
            question.Report.Error(question.Path, question.KeyLine("count"), n < 2
                ? $"{context} asks to pick {n}; a pick question asks for at least 2 (use a choice question for one answer)"
                : $"{context} asks to pick {n} of {options.Count} options; offer more options than the seller has to pick");
        var correct = question.StringList("correct", required: true) ?? [];
        foreach (var (text, line) in correct.Where(c => options.Count > 0 && !options.Contains(c.Text, StringComparer.Ordinal)))
            question.Report.Error(question.Path, line,
                $"the right answer \"{text}\" of {context} is not one of its options; copy it exactly from the options");
        var distinct = correct.Select(c => c.Text).Distinct(StringComparer.Ordinal).Count();
        if (distinct != correct.Count)
            question.Report.Error(question.Path, question.KeyLine("correct"), $"{context} lists the same right answer twice");
        if (count is { } expected && correct.Count > 0 && distinct != expected)
            question.Report.Error(question.Path, question.KeyLine("correct"),
                $"{context} asks to pick {expected} but lists {distinct} right answers; make them the same number");
        return new AuthoredQuestion("pick", prompt, options, [.. correct.Select(c => c.Text)], count, [], [], explanation);
    }

    private static AuthoredQuestion Match(YamlMap question, string context, string prompt, string? explanation)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var node = question.Value("pairs");
        if (node is null)
        {
            question.Report.Error(question.Path, question.Line, $"{context} is missing \"pairs\"");
        }
        else if (node is not YamlMappingNode mapping)
        {
            question.Report.Error(question.Path, question.KeyLine("pairs"),
                $"\"pairs\" in {context} must be indented lines of \"left item: right item\"");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (left, right) in mapping.Children)
            {
                if (left is not YamlScalarNode { Value: { } leftText } || right is not YamlScalarNode { Value: { } rightText })
                {
                    question.Report.Error(question.Path, question.LineOf(left), $"each pair in {context} must be \"left item: right item\" on one line");
                    continue;
                }
                rightText = rightText.Trim();
                if (!seen.Add(rightText))
                    question.Report.Error(question.Path, question.LineOf(right),
                        $"\"{rightText}\" is the answer to two pairs in {context}; every right-hand item must be different");
                CheckLength(question, context, rightText, question.LineOf(right));
                pairs.Add(new(leftText.Trim(), rightText));
            }
            if (pairs.Count < 2)
                question.Report.Error(question.Path, question.KeyLine("pairs"), $"{context} needs at least two pairs to match");
        }
        var distractors = question.StringList("distractors") ?? [];
        var used = pairs.Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (text, line) in distractors)
        {
            if (!used.Add(text))
                question.Report.Error(question.Path, line,
                    $"the distractor \"{text}\" of {context} repeats another choice; every right-hand choice must be different");
            CheckLength(question, context, text, line);
        }
        return new AuthoredQuestion("match", prompt, [], [], null, pairs, [.. distractors.Select(d => d.Text)], explanation);
    }

    private static List<string> Options(YamlMap question, string context)
    {
        var options = question.StringList("options", required: true) ?? [];
        if (options.Count > MaxOptions)
            question.Report.Error(question.Path, question.KeyLine("options"),
                $"{context} has {options.Count} options; Slack shows at most {MaxOptions}, so drop the weakest ones");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, line) in options)
        {
            if (!seen.Add(text))
                question.Report.Error(question.Path, line, $"the option \"{text}\" appears twice in {context}; remove the copy");
            CheckLength(question, context, text, line);
        }
        return [.. options.Select(o => o.Text)];
    }

    private static void CheckLength(YamlMap question, string context, string text, int line)
    {
        if (text.Length > OptionTextLimit)
            question.Report.Error(question.Path, line,
                $"the option \"{text[..30]}...\" in {context} is {text.Length} characters; Slack cuts options at {OptionTextLimit}, so shorten it");
        else if (text.Length == 0)
            question.Report.Error(question.Path, line, $"{context} has an empty option");
    }
}
