using System.Globalization;
using System.Text;
using LearningBot.Discussions;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Quizzes;

/// <summary>
/// The lesson as one short DM card, read in ten seconds: why it came now, the title, what the seller can do afterwards and up
/// to three key points, then the media and the quiz. The full body sits behind "Read the whole lesson", which opens it in a
/// modal. After submitting, the same card is re-rendered graded and without interactive parts.
/// </summary>
internal static class LessonCard
{
    public const string SubmitAction = "quiz-submit";
    public const string LaterAction = "quiz-later";
    public const string ResumeAction = "quiz-resume";
    public const string AnswerAction = "answer";
    public const string ReadAction = "lesson-read";
    public const string ReadModalCallbackId = "lesson-read";
    internal const int SectionTextLimit = BlockKitLimits.SectionTextMaxLength;

    public static string QuestionBlockId(long questionId) => $"q-{questionId}";

    public static string MatchBlockId(long questionId, int item) => $"q-{questionId}-{item}";

    public static SlackMessage Render(LessonView lesson, IReadOnlySet<string> videoDomains)
    {
        if (lesson.IsQuickCheck)
            return QuickCheckCard.Render(lesson);
        var blocks = new List<Block>();
        blocks.AddRange(Introduction(lesson, videoDomains));
        blocks.Add(new DividerBlock());
        var number = 0;
        foreach (var question in lesson.Questions)
            blocks.AddRange(QuestionBlocks(lesson, question, ++number));
        blocks.AddRange(Discussion(lesson));
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Submit"), SubmitAction) { Value = lesson.DeliveryId.ToString(), Style = ButtonStyle.Primary },
            new ButtonElement(TextObject.Plain("Later"), LaterAction) { Value = lesson.DeliveryId.ToString() },
            new ButtonElement(TextObject.Plain("Discuss"), DiscussAction.ActionId) { Value = lesson.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions" });
        return new MessageBuilder(Fallback(lesson)).Add(blocks).Build();
    }

    /// <summary>The card after Submit: the score, each answer marked right or wrong, the right answers and explanations.</summary>
    public static SlackMessage RenderGraded(LessonView lesson, IReadOnlyList<GradedAnswer> grades, IReadOnlySet<string> videoDomains)
    {
        if (lesson.IsQuickCheck)
            return QuickCheckCard.RenderGraded(lesson, grades);
        var blocks = new List<Block>();
        blocks.AddRange(Introduction(lesson, videoDomains));
        blocks.Add(new DividerBlock());
        var right = grades.Count(g => g.FullyRight);
        blocks.Add(new SectionBlock(TextObject.Markdown(
            $"*{Score(right, grades.Count)}* {(right == grades.Count ? ":tada:" : "")}".TrimEnd())));
        var number = 0;
        foreach (var question in lesson.Questions)
        {
            number++;
            var grade = grades.FirstOrDefault(g => g.QuestionId == question.Id);
            if (grade is null)
                continue;
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(GradedText(question, grade, number), SectionTextLimit))));
            if (!string.IsNullOrWhiteSpace(question.Explanation))
                blocks.Add(new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Escape(question.Explanation), SectionTextLimit))]));
        }
        blocks.AddRange(Discussion(lesson));
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Share one thing you'll use"), TakeawayAction.ActionId) { Value = lesson.DeliveryId.ToString() },
            new ButtonElement(TextObject.Plain("Discuss"), DiscussAction.ActionId) { Value = lesson.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions-done" });
        return new MessageBuilder($"{lesson.Title} — quiz done: {Score(right, grades.Count)}").Add(blocks).Build();
    }

    /// <summary>"1 of 2 right": the questions answered fully right; partly right picks and matches are counted on their own line.</summary>
    public static string Score(int right, int questions) => $"{right} of {questions} right";

    /// <summary>The card after Later: a short note and a Resume button.</summary>
    public static SlackMessage RenderSavedForLater(LessonView lesson, MrkdwnToken comesBack) =>
        new MessageBuilder($"Saved for later: {lesson.Title}").Add(
            new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                Mrkdwn.Text($":bookmark: *Saved for later:* {lesson.Title}\nIt comes back {comesBack}, or resume it now."), SectionTextLimit))),
            new ActionsBlock([new ButtonElement(TextObject.Plain("Resume"), ResumeAction) { Value = lesson.DeliveryId.ToString() }]) { BlockId = "lesson-later" })
            .Build();

    /// <summary>The whole body in a modal, split into sections that fit Slack's limits (https://docs.slack.dev/surfaces/modals).</summary>
    public static ModalView RenderFullLesson(LessonView lesson)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(TextObject.Plain(Mrkdwn.TruncatePlainText(lesson.Title, BlockKitLimits.HeaderTextMaxLength))),
            new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Text($":stopwatch: {Minutes(lesson)} min · *After this you can:* {lesson.Objective}"), SectionTextLimit))]),
        };
        // Slack takes at most 100 blocks and 250 kB per view; the room for JSON around each section is generous.
        var blocksLeft = BlockKitLimits.ViewMaxBlocks - blocks.Count - 1;
        var bytesLeft = BlockKitLimits.ViewMaxBytes - 10_000;
        foreach (var chunk in Chunks(lesson.BodyMrkdwn, SectionTextLimit))
        {
            bytesLeft -= Encoding.UTF8.GetByteCount(chunk) * 2 + 100;
            if (--blocksLeft < 0 || bytesLeft < 0)
            {
                blocks.Add(new SectionBlock(TextObject.Markdown("_The lesson goes on; the rest is too long for Slack to show here._")));
                break;
            }
            blocks.Add(new SectionBlock(TextObject.Markdown(chunk)));
        }
        return new ModalBuilder("The whole lesson").CallbackId(ReadModalCallbackId).Close("Close")
            .Add(blocks).Build();
    }

    /// <summary>What the first screen shows: why now, title, objective and key points, the button to the full body, the media.</summary>
    private static IEnumerable<Block> Introduction(LessonView lesson, IReadOnlySet<string> videoDomains)
    {
        var context = lesson.WhyNow is { Length: > 0 } why
            ? Mrkdwn.Text($":calendar: *{why}* · {Minutes(lesson)} min")
            : Mrkdwn.Text($":stopwatch: {Minutes(lesson)} min");
        yield return new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(context, SectionTextLimit))]) { BlockId = "lesson-why" };
        yield return new HeaderBlock(TextObject.Plain(Mrkdwn.TruncatePlainText(lesson.Title, BlockKitLimits.HeaderTextMaxLength)));
        var points = string.Concat(lesson.KeyPoints.Select(point => Mrkdwn.Text($"\n• {point}")));
        yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Text($"*After this you can:* {lesson.Objective}") + points, SectionTextLimit)))
        {
            BlockId = "lesson-points",
        };
        if (lesson.BodyMrkdwn.Trim().Length > 0)
        {
            yield return new ActionsBlock([new ButtonElement(TextObject.Plain($"Read the whole lesson ({Minutes(lesson)} min)"), ReadAction)
            {
                Value = lesson.DeliveryId.ToString(CultureInfo.InvariantCulture),
            }]) { BlockId = "lesson-read" };
        }
        foreach (var media in lesson.Media)
            yield return MediaBlock(media, videoDomains);
    }

    private static IEnumerable<Block> Discussion(LessonView lesson)
    {
        if (lesson.DiscussionSummary is { Length: > 0 } discussion)
            yield return new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Text($":speech_balloon: {Mrkdwn.Verbatim(discussion)}"), SectionTextLimit))]);
    }

    private static Block MediaBlock(LessonMedia media, IReadOnlySet<string> videoDomains)
    {
        var label = media.Title ?? media.Alt ?? media.Url;
        var duration = media.Duration is { Length: > 0 } d ? $" ({d})" : "";
        if (media.Type == "image")
            return new ImageBlock(media.Url, Mrkdwn.TruncatePlainText(media.Alt ?? label, BlockKitLimits.ImageAltTextMaxLength));
        if (media.Type == "video" && media.Thumbnail is { } thumbnail && Uri.TryCreate(media.Url, UriKind.Absolute, out var uri)
            && videoDomains.Contains(uri.Host))
        {
            return new VideoBlock(Mrkdwn.TruncatePlainText(label, BlockKitLimits.ImageAltTextMaxLength),
                TextObject.Plain(Mrkdwn.TruncatePlainText(label, BlockKitLimits.VideoTitleMaxLength)), thumbnail, media.Url);
        }
        var icon = media.Type switch { "video" => ":arrow_forward:", "audio" => ":headphones:", _ => ":link:" };
        return new SectionBlock(TextObject.Markdown(Mrkdwn.Text($"{icon} {Mrkdwn.Link(media.Url, label)}{duration}")));
    }

    internal static IEnumerable<Block> QuestionBlocks(LessonView lesson, QuizQuestion question, int number)
    {
        var prompt = $"*{number}.* {Mrkdwn.Escape(question.Prompt)}";
        switch (question)
        {
            case QuizQuestion.Choice choice:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(prompt, SectionTextLimit)));
                yield return new ActionsBlock([new RadioButtonsElement(AnswerAction, Options(lesson, question, choice.Options))]) { BlockId = QuestionBlockId(question.Id) };
                break;
            case QuizQuestion.Pick pick:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"{prompt} _(pick exactly {pick.Count})_", SectionTextLimit)));
                yield return new ActionsBlock([new CheckboxesElement(AnswerAction, Options(lesson, question, pick.Options))]) { BlockId = QuestionBlockId(question.Id) };
                break;
            case QuizQuestion.Match match:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"{prompt} _(choose a match for each)_", SectionTextLimit)));
                var rights = match.RightValues.Select((value, index) => Option.Plain(
                    Mrkdwn.TruncatePlainText(value, BlockKitLimits.OptionTextMaxLength), QuizQuestion.RightKey(index))).ToList();
                var ordered = StableShuffle.Order(rights, Seed(lesson, question));
                for (var item = 0; item < match.Pairs.Count; item++)
                {
                    yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Escape(match.Pairs[item].Left), SectionTextLimit)))
                    {
                        BlockId = MatchBlockId(question.Id, item),
                        Accessory = new StaticSelectElement(AnswerAction) { Placeholder = TextObject.Plain("Choose…"), Options = ordered },
                    };
                }
                break;
        }
    }

    /// <summary>The options in an order of their own for each delivery, always the same for it; each keeps the key of its place in the file.</summary>
    private static List<Option> Options(LessonView lesson, QuizQuestion question, IReadOnlyList<string> texts) =>
        [.. StableShuffle.Order(
            [.. texts.Select((text, index) => Option.Plain(Mrkdwn.TruncatePlainText(text, BlockKitLimits.OptionTextMaxLength), QuizQuestion.OptionKey(index)))],
            Seed(lesson, question))];

    private static string Seed(LessonView lesson, QuizQuestion question) => $"{lesson.DeliveryId}:{question.Id}";

    internal static string GradedText(QuizQuestion question, GradedAnswer grade, int number)
    {
        var mark = grade.FullyRight ? ":white_check_mark:" : grade.Score > 0 ? ":large_yellow_circle:" : ":x:";
        var lines = new List<string> { $"{mark} *{number}.* {Mrkdwn.Escape(question.Prompt)}" };
        switch (question)
        {
            case QuizQuestion.Choice choice:
                lines.Add($"You chose: {Describe(choice.Options, grade.Chosen)}");
                if (!grade.FullyRight)
                    lines.Add($"Right answer: *{Mrkdwn.Escape(choice.Options[choice.CorrectIndex])}*");
                break;
            case QuizQuestion.Pick pick:
                lines.Add($"You picked: {Describe(pick.Options, grade.Chosen)}");
                if (!grade.FullyRight)
                    lines.Add($"_{Count(grade.Chosen.Count(k => k is not null && grade.RightKeys.Contains(k)), pick.Count, "pick")} right_");
                if (!grade.FullyRight)
                    lines.Add($"Right answers: *{Describe(pick.Options, grade.RightKeys)}*");
                break;
            case QuizQuestion.Match match:
                var rights = match.RightValues;
                var matched = 0;
                for (var i = 0; i < match.Pairs.Count; i++)
                {
                    var chosen = grade.Chosen.ElementAtOrDefault(i) is { } key && int.TryParse(key.AsSpan(1), out var index) && index < rights.Count
                        ? rights[index] : "—";
                    var ok = chosen == match.Pairs[i].Right;
                    matched += ok ? 1 : 0;
                    lines.Add($"{(ok ? "✓" : "✗")} {Mrkdwn.Escape(match.Pairs[i].Left)} → {Mrkdwn.Escape(chosen)}"
                        + (ok ? "" : $" (right: *{Mrkdwn.Escape(match.Pairs[i].Right)}*)"));
                }
                if (!grade.FullyRight)
                    lines.Add($"_{Count(matched, match.Pairs.Count, "match")} right_");
                break;
        }
        return string.Join('\n', lines);
    }

    private static string Describe(IReadOnlyList<string> options, IEnumerable<string?> keys) =>
        string.Join(", ", keys.OfType<string>()
            .Select(k => int.TryParse(k.AsSpan(1), out var i) && i < options.Count ? Mrkdwn.Escape(options[i]) : "—"));

    /// <summary>Splits long mrkdwn at paragraph, then line, then word boundaries so each piece fits a section.</summary>
    private static IEnumerable<string> Chunks(string text, int limit)
    {
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var cut = rest.LastIndexOf("\n\n", limit, StringComparison.Ordinal);
            if (cut <= 0)
                cut = rest.LastIndexOf('\n', limit - 1);
            if (cut <= 0)
                cut = rest.LastIndexOf(' ', limit - 1);
            if (cut <= 0)
                cut = limit;
            yield return rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
            yield return rest;
    }

    private static string Count(int hits, int of, string noun) => $"{hits} of {of} {noun}{(of == 1 ? "" : noun.EndsWith('h') ? "es" : "s")}";

    /// <summary>The notification a seller sees first: the meeting it is for, then the lesson and its length.</summary>
    public static string Notification(LessonView lesson) => lesson.WhyNow is { Length: > 0 } why
        ? $"{why}: {lesson.Title} ({Minutes(lesson)} min)"
        : $"New lesson: {lesson.Title} ({Minutes(lesson)} min)";

    private static string Fallback(LessonView lesson) => Notification(lesson);

    private static string Minutes(LessonView lesson) => Math.Max(1, Math.Ceiling(lesson.Minutes)).ToString("0", CultureInfo.InvariantCulture);
}
