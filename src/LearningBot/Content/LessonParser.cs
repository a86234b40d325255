using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LearningBot.Content;

/// <summary>Where the keys that other files refer to sit, so cross-file findings point at the right line.</summary>
internal sealed record ParsedLesson(LessonDefinition Lesson, int IdLine, int PartnerLine);

/// <summary>
/// Reads one lesson file (YAML front matter between two "---" lines, then the Markdown body) and checks every
/// rule that needs only this file. Line numbers are those of the file.
/// </summary>
internal static partial class LessonParser
{
    public const int TitleLimit = 150;
    public const decimal MinutesTolerance = 2m;
    public const int MaxKeyPoints = 3;
    public const int KeyPointLimit = 120;

    private static readonly string[] Keys =
    [
        "id", "title", "partner", "objective", "objective_kind", "minutes", "available_from", "relevant_until",
        "campaign", "media", "quiz", "key_points",
    ];

    public static ParsedLesson? Parse(string path, string text, decimal maxMinutes, LintReport report)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            report.Error(path, 1, "a lesson must start with a line of three dashes (---), then its front matter (id, title, objective, ...), then another line of three dashes");
            return null;
        }
        var closing = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (closing < 0)
        {
            report.Error(path, 1, "the front matter is never closed; add a line of three dashes (---) between the front matter and the lesson text");
            return null;
        }

        // Line i of the YAML block is line i + 1 of the file (the opening dashes come first).
        var yaml = string.Join('\n', lines[1..closing]);
        var frontMatter = LoadMapping(path, yaml, 1, report);
        if (frontMatter is null)
            return null;
        frontMatter.RejectUnknownKeys(Keys);

        var id = frontMatter.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
            report.Error(path, frontMatter.KeyLine("id"),
                $"the id \"{id}\" may only use lowercase letters, digits and dashes, such as \"northwind-qualify-cosell\"");

        var title = frontMatter.String("title", required: true);
        if (title is { Length: > TitleLimit })
            report.Error(path, frontMatter.KeyLine("title"),
                $"the title is {title.Length} characters; Slack shows at most {TitleLimit} in a card header, so shorten it");

        var kind = frontMatter.String("objective_kind", required: true);
        if (kind is not null && !ObjectiveKinds.All.Contains(kind))
            report.Error(path, frontMatter.KeyLine("objective_kind"),
                $"\"{kind}\" is not an objective kind; use one of {string.Join(", ", ObjectiveKinds.All)}");

        var partner = frontMatter.String("partner");
        if (partner is null && kind is not null && ObjectiveKinds.All.Contains(kind) && !ObjectiveKinds.WithoutPartner.Contains(kind))
            report.Error(path, frontMatter.Line,
                $"a {kind} lesson is about one partner; add \"partner:\" with the partner's id");

        var objective = frontMatter.String("objective", required: true);
        if (objective is not null)
        {
            foreach (var problem in ObjectiveLinter.Check(objective))
                report.Error(path, frontMatter.KeyLine("objective"), problem);
        }

        var minutes = frontMatter.Number("minutes");
        if (minutes is <= 0)
            report.Error(path, frontMatter.KeyLine("minutes"), "\"minutes\" must be more than 0");

        var availableFrom = frontMatter.Date("available_from");
        var relevantUntil = frontMatter.Date("relevant_until");
        if (availableFrom > relevantUntil)
            report.Error(path, frontMatter.KeyLine("relevant_until"),
                $"\"relevant_until\" ({relevantUntil:yyyy-MM-dd}) is before \"available_from\" ({availableFrom:yyyy-MM-dd}); swap or fix the dates");

        var keyPoints = KeyPoints(frontMatter);
        var campaign = ParseCampaign(frontMatter, partner, availableFrom, relevantUntil);
        var media = MediaParser.Parse(frontMatter);
        var quiz = QuizParser.Parse(frontMatter);
        if (RightAnswersAlwaysFirst(quiz))
            report.Warning(path, frontMatter.KeyLine("quiz"),
                "every question lists its right answer first; the card shuffles options, but mix them up in the file too so a reviewer "
                + "(or a seller reading the source) does not learn that the first option is always right");

        var body = string.Join('\n', lines[(closing + 1)..]).Trim('\n');
        var bodyFirstLine = closing + 2 + lines[(closing + 1)..].TakeWhile(string.IsNullOrWhiteSpace).Count();
        if (body.Trim().Length == 0)
            report.Warning(path, closing + 1, "the lesson has no text after the front matter; add a few paragraphs that teach the objective");
        foreach (var notice in LessonBody.Check(body))
            report.Warning(path, bodyFirstLine + notice.Line, notice.Message);

        if (!media.Any(m => m.Type is "image" or "video" or "audio"))
            report.Warning(path, frontMatter.Has("media") ? frontMatter.KeyLine("media") : frontMatter.Line,
                "the lesson is only text; add an image, video or audio that shows the point (a lesson that is all text should have been an email)");

        var budget = AttentionBudget.For(LessonBody.CountWords(body), media, quiz.Count);
        if (budget.EstimatedMinutes > maxMinutes)
            report.Error(path, frontMatter.Has("minutes") ? frontMatter.KeyLine("minutes") : frontMatter.Line,
                $"the lesson takes {budget.Describe()}, more than the {AttentionBudget.Format(maxMinutes)} minutes a seller can give it; "
                + "cut the text or split it into two lessons with one objective each");
        if (minutes is > 0 and { } stated && Math.Abs(stated - budget.EstimatedMinutes) > MinutesTolerance)
            report.Warning(path, frontMatter.KeyLine("minutes"),
                $"\"minutes\" says {AttentionBudget.Format(stated)} but the lesson takes {budget.Describe()}; "
                + $"set it to {Math.Max(1, Math.Round(budget.EstimatedMinutes, MidpointRounding.AwayFromZero))}");

        var lesson = new LessonDefinition(
            id ?? "", title ?? "", partner, objective ?? "", kind ?? "", minutes, budget.EstimatedMinutes,
            availableFrom, relevantUntil, campaign, media, quiz, body, path) { KeyPoints = keyPoints };
        return new ParsedLesson(lesson, frontMatter.KeyLine("id"), frontMatter.KeyLine("partner"));
    }

    /// <summary>The card's key points: at most three, each short enough to read at a glance.</summary>
    private static List<string> KeyPoints(YamlMap frontMatter)
    {
        var points = frontMatter.StringList("key_points") ?? [];
        if (points.Count > MaxKeyPoints)
            frontMatter.Report.Error(frontMatter.Path, frontMatter.KeyLine("key_points"),
                $"the lesson has {points.Count} key points; the card shows at most {MaxKeyPoints}, so keep the ones a seller must not miss");
        foreach (var (text, line) in points)
        {
            if (text.Trim().Length == 0)
                frontMatter.Report.Error(frontMatter.Path, line, "a key point is empty; write it or remove the line");
            else if (text.Length > KeyPointLimit)
                frontMatter.Report.Error(frontMatter.Path, line,
                    $"the key point \"{text[..30]}...\" is {text.Length} characters; keep each key point to {KeyPointLimit} so the card reads in seconds");
        }
        return [.. points.Select(p => p.Text.Trim())];
    }

    /// <summary>
    /// True when every choice and pick question puts its right answers at the top of its options. One question can do so by
    /// chance; two or more that all do are a habit a seller learns to exploit.
    /// </summary>
    private static bool RightAnswersAlwaysFirst(IReadOnlyList<AuthoredQuestion> quiz)
    {
        var withOptions = quiz.Where(q => q.Kind is "choice" or "pick" && q.Correct.Count > 0 && q.Options.Count > q.Correct.Count).ToList();
        return withOptions.Count > 1 && withOptions.All(q =>
            q.Options.Take(q.Correct.Count).ToHashSet(StringComparer.Ordinal).SetEquals(q.Correct));
    }

    /// <summary>Loads a YAML block that must be a mapping; syntax errors become findings at the line they occur.</summary>
    public static YamlMap? LoadMapping(string path, string yaml, int lineOffset, LintReport report)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException is ArgumentException ? "a key appears twice" : Clean(e.Message);
            report.Error(path, (int)e.Start.Line + lineOffset,
                $"the YAML cannot be read ({reason}); check the indentation, and put quotes around text that contains \": \" or starts with a special character");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            report.Error(path, 1 + lineOffset, "expected keys such as \"id: ...\" and \"title: ...\", one per line");
            return null;
        }
        return new YamlMap(root, path, lineOffset, report);
    }

    private static CampaignWindow? ParseCampaign(YamlMap frontMatter, string? partner, DateOnly? from, DateOnly? until)
    {
        var campaign = frontMatter.Map("campaign", "campaign");
        if (campaign is null)
            return null;
        campaign.RejectUnknownKeys(["starts", "audience"]);
        var audience = campaign.String("audience") ?? "all";
        if (audience is not ("all" or "partner-sellers"))
            campaign.Report.Error(campaign.Path, campaign.KeyLine("audience"),
                $"the campaign audience \"{audience}\" is not known; use \"all\" or \"partner-sellers\"");
        else if (audience == "partner-sellers" && partner is null)
            campaign.Report.Error(campaign.Path, campaign.KeyLine("audience"),
                "the audience \"partner-sellers\" needs a partner; add \"partner:\" to the lesson or use \"audience: all\"");
        var startsText = campaign.String("starts", required: true);
        if (startsText is null)
            return null;
        if (!DateTime.TryParseExact(startsText, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var starts))
        {
            campaign.Report.Error(campaign.Path, campaign.KeyLine("starts"),
                $"the campaign start \"{startsText}\" is not a date and time the bot can read; write it like 2027-01-15T09:00 (the seller's local time)");
            return null;
        }
        var day = DateOnly.FromDateTime(starts);
        if (day < from || day > until)
            campaign.Report.Error(campaign.Path, campaign.KeyLine("starts"),
                $"the campaign starts on {day:yyyy-MM-dd}, outside the lesson's window ({from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open"} to "
                + $"{until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open"}); move the start or widen the window");
        return new CampaignWindow(DateTime.SpecifyKind(starts, DateTimeKind.Unspecified), audience);
    }

    private static string Clean(string message)
    {
        var text = message.Contains("): ", StringComparison.Ordinal) ? message[(message.IndexOf("): ", StringComparison.Ordinal) + 3)..] : message;
        return text.TrimEnd('.').ToLowerInvariant();
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    public static partial Regex IdPattern();
}
