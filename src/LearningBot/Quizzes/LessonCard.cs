using LearningBot.Slack.BlockKit;

namespace LearningBot.Quizzes;

/// <summary>
/// The lesson as one DM card: title, objective, body, media, why it came now, the quiz as interactive elements, and
/// Submit / Later / Discuss. After submitting, the same card is re-rendered graded and without interactive parts.
/// </summary>
internal static class LessonCard
{
    public const string SubmitAction = "quiz-submit";
    public const string LaterAction = "quiz-later";
    public const string ResumeAction = "quiz-resume";
    public const string DiscussAction = "lesson-discuss";
    public const string TakeawayAction = "lesson-takeaway";
    public const string AnswerAction = "answer";
    private const int SectionTextLimit = BlockKitLimits.SectionTextMaxLength;

    public static string QuestionBlockId(long questionId) => $"q-{questionId}";

    public static string MatchBlockId(long questionId, int item) => $"q-{questionId}-{item}";

    public static SlackMessage Render(LessonView lesson, IReadOnlySet<string> videoDomains)
    {
        var blocks = new List<Block>();
        blocks.AddRange(Introduction(lesson, videoDomains));
        blocks.Add(new DividerBlock());
        var number = 0;
        foreach (var question in lesson.Questions)
            blocks.AddRange(QuestionBlocks(lesson, question, ++number));
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Submit"), SubmitAction) { Value = lesson.DeliveryId.ToString(), Style = ButtonStyle.Primary },
            new ButtonElement(TextObject.Plain("Later"), LaterAction) { Value = lesson.DeliveryId.ToString() },
            new ButtonElement(TextObject.Plain("Discuss"), DiscussAction) { Value = lesson.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions" });
        return new MessageBuilder(Fallback(lesson)).Add(blocks).Build();
    }

    /// <summary>The card after Submit: the score, each answer marked right or wrong, the right answers and explanations.</summary>
    public static SlackMessage RenderGraded(LessonView lesson, IReadOnlyList<GradedAnswer> grades, IReadOnlySet<string> videoDomains)
    {
        var blocks = new List<Block>();
        blocks.AddRange(Introduction(lesson, videoDomains));
        blocks.Add(new DividerBlock());
        var score = grades.Sum(g => g.Score);
        blocks.Add(new SectionBlock(TextObject.Markdown(
            $"*Quiz done: {Format(score)} of {grades.Count}* {(score == grades.Count ? ":tada:" : "")}".TrimEnd())));
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
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Share one thing you'll use"), TakeawayAction) { Value = lesson.DeliveryId.ToString() },
            new ButtonElement(TextObject.Plain("Discuss"), DiscussAction) { Value = lesson.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions-done" });
        return new MessageBuilder($"{Fallback(lesson)} — quiz done: {Format(score)} of {grades.Count}").Add(blocks).Build();
    }

    /// <summary>The card after Later: a short note and a Resume button.</summary>
    public static SlackMessage RenderSavedForLater(LessonView lesson, string comesBack) =>
        new MessageBuilder($"Saved for later: {lesson.Title}").Add(
            new SectionBlock(TextObject.Markdown($":bookmark: *Saved for later:* {Mrkdwn.Escape(lesson.Title)}\nIt comes back {Mrkdwn.Escape(comesBack)}, or resume it now.")),
            new ActionsBlock([new ButtonElement(TextObject.Plain("Resume"), ResumeAction) { Value = lesson.DeliveryId.ToString() }]) { BlockId = "lesson-later" })
            .Build();

    private static IEnumerable<Block> Introduction(LessonView lesson, IReadOnlySet<string> videoDomains)
    {
        yield return new HeaderBlock(TextObject.Plain(Mrkdwn.TruncatePlainText(lesson.Title, BlockKitLimits.HeaderTextMaxLength)));
        yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"*After this you can:* {Mrkdwn.Escape(lesson.Objective)}", SectionTextLimit)));
        foreach (var chunk in Chunks(lesson.BodyMrkdwn, SectionTextLimit))
            yield return new SectionBlock(TextObject.Markdown(chunk));
        foreach (var media in lesson.Media)
            yield return MediaBlock(media, videoDomains);
        var context = $":stopwatch: {Format(lesson.Minutes)} min";
        if (lesson.WhyNow is { Length: > 0 } why)
            context += $" · {Mrkdwn.Escape(why)}";
        if (lesson.DiscussionSummary is { Length: > 0 } discussion)
            context += $" · :speech_balloon: {discussion}";
        yield return new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(context, SectionTextLimit))]);
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
        return new SectionBlock(TextObject.Markdown($"{icon} {Mrkdwn.Link(media.Url, label)}{Mrkdwn.Escape(duration)}"));
    }

    private static IEnumerable<Block> QuestionBlocks(LessonView lesson, QuizQuestion question, int number)
    {
        var prompt = $"*{number}.* {Mrkdwn.Escape(question.Prompt)}";
        switch (question)
        {
            case QuizQuestion.Choice choice:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(prompt, SectionTextLimit)));
                yield return new ActionsBlock([new RadioButtonsElement(AnswerAction, Options(choice.Options))]) { BlockId = QuestionBlockId(question.Id) };
                break;
            case QuizQuestion.Pick pick:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"{prompt} _(pick exactly {pick.Count})_", SectionTextLimit)));
                yield return new ActionsBlock([new CheckboxesElement(AnswerAction, Options(pick.Options))]) { BlockId = QuestionBlockId(question.Id) };
                break;
            case QuizQuestion.Match match:
                yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"{prompt} _(choose a match for each)_", SectionTextLimit)));
                var rights = match.RightValues.Select((value, index) => Option.Plain(
                    Mrkdwn.TruncatePlainText(value, BlockKitLimits.OptionTextMaxLength), QuizQuestion.RightKey(index))).ToList();
                var ordered = StableShuffle.Order(rights, $"{lesson.LessonId}:{question.Id}");
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

    private static List<Option> Options(IReadOnlyList<string> texts) =>
        [.. texts.Select((text, index) => Option.Plain(Mrkdwn.TruncatePlainText(text, BlockKitLimits.OptionTextMaxLength), QuizQuestion.OptionKey(index)))];

    private static string GradedText(QuizQuestion question, GradedAnswer grade, int number)
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
                    lines.Add($"Right answers: *{Describe(pick.Options, grade.RightKeys)}*");
                break;
            case QuizQuestion.Match match:
                var rights = match.RightValues;
                for (var i = 0; i < match.Pairs.Count; i++)
                {
                    var chosen = grade.Chosen.ElementAtOrDefault(i) is { } key && int.TryParse(key.AsSpan(1), out var index) && index < rights.Count
                        ? rights[index] : "—";
                    var ok = chosen == match.Pairs[i].Right;
                    lines.Add($"{(ok ? "✓" : "✗")} {Mrkdwn.Escape(match.Pairs[i].Left)} → {Mrkdwn.Escape(chosen)}"
                        + (ok ? "" : $" (right: *{Mrkdwn.Escape(match.Pairs[i].Right)}*)"));
                }
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

    private static string Fallback(LessonView lesson) => $"New lesson: {lesson.Title}";

    private static string Format(decimal value) => value == Math.Floor(value) ? value.ToString("0") : value.ToString("0.#");
}
