using static LearningBot.Tests.Content.ContentDirectory;

namespace LearningBot.Tests.Content;

/// <summary>Every rule of the content format: a file that breaks it (with the exact line printed) and one that keeps it.</summary>
public sealed class LintRulesTests
{
    private const string L = "lessons/sample-partner/lesson.md:";
    private const string Objective = "objective: List the three signals of a sample co-sell";
    private const string Quiz = """
        quiz:
          - kind: choice
            prompt: Which signal matters most?
            options: [Slow dashboards, Many BI tools, Big warehouse]
            correct: Slow dashboards
            explanation: It predicts the win.
        """;

    private static readonly string LongOption = new('x', 76);

    /// <summary>(what the valid lesson has, what the broken one has instead, the line lint must print).</summary>
    public static TheoryData<string, string, string> BrokenLessons => new()
    {
        // One observable objective.
        { Objective, "objective: Review new features of the sample product and their benefits",
            L + "5: error: objective uses the passive verb \"review\"; say what the learner will be able to do, for example \"List new features of the sample product and their benefits\"" },
        { Objective, "objective: Learners will understand how the sample partner prices its service",
            L + "5: error: objective uses the passive verb \"understand\"; say what the learner will be able to do, for example \"Explain how the sample partner prices its service\"" },
        { Objective, "objective: Learn about the sample partner",
            L + "5: error: objective uses the passive verb \"learn about\"; say what the learner will be able to do, for example \"Describe the sample partner\"" },
        { Objective, "objective: Be aware of the sample partner's pricing",
            L + "5: error: objective uses the passive verb \"be aware of\"; say what the learner will be able to do, for example \"Identify the sample partner's pricing\"" },
        { Objective, "objective: Signals of a sample co-sell",
            L + "5: error: objective must start with an action a seller can be seen doing (list, name, identify, explain, compare, qualify or position); \"signals\" is not one, so rephrase it as, for example, \"List ...\" or \"Explain ...\"" },
        { Objective, "objective: List the three signals and explain why each one matters",
            L + "5: error: objective joins two objectives (\"... and explain ...\"); keep the one that matters most and put the other in a lesson of its own" },
        { Objective, "objective: List the three signals. Rank them by impact",
            L + "5: error: objective has more than one sentence; keep a single objective per lesson and move the rest into a lesson of its own" },
        { Objective, "objective: \"\"",
            L + "5: error: the objective is empty; write the one thing a seller will be able to do after the lesson, such as \"List the three signals of a co-sell opportunity\"" },

        // Required and unknown keys, ids, kinds, partners, title length.
        { "title: Qualify a sample co-sell\n", "",
            L + "2: error: the front matter is missing \"title\"" },
        { "minutes: 1", "minutes: 1\nobjectve: List things",
            L + "8: error: unknown key \"objectve\"; did you mean \"objective\"?" },
        { "id: sample-lesson", "id: Sample Lesson",
            L + "2: error: the id \"Sample Lesson\" may only use lowercase letters, digits and dashes, such as \"northwind-qualify-cosell\"" },
        { "objective_kind: qualify-cosell", "objective_kind: pitch",
            L + "6: error: \"pitch\" is not an objective kind; use one of what-partner-does, joint-value, qualify-cosell, why-partner-helps, product-release, spiff, other" },
        { "partner: sample-partner\n", "",
            L + "2: error: a qualify-cosell lesson is about one partner; add \"partner:\" with the partner's id" },
        { "partner: sample-partner", "partner: nobody",
            L + "4: error: there is no partner \"nobody\"; use the id of a file in partners/ (sample-partner)" },
        { "title: Qualify a sample co-sell", "title: " + new string('t', 151),
            L + "3: error: the title is 151 characters; Slack shows at most 150 in a card header, so shorten it" },

        // Attention span.
        { "minutes: 1", "minutes: 0",
            L + "7: error: \"minutes\" must be more than 0" },
        { "minutes: 1", "minutes: 4",
            L + "7: warning: \"minutes\" says 4 but the lesson takes about 0.5 minutes (text 0 for 5 words, media 0, quiz 0.5 for 1 question); set it to 1" },
        { "minutes: 1", "minutes: many",
            L + "7: error: \"minutes\" must be a number, such as 3 or 2.5; found \"many\"" },

        // Not all text, and always a quiz.
        { "media:\n  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals\n", "",
            L + "2: warning: the lesson is only text; add an image, video or audio that shows the point (a lesson that is all text should have been an email)" },
        { Quiz, "quiz: []",
            L + "12: error: the lesson has no quiz; add at least one question (choice, pick or match) that shows the seller reached the objective" },
        { Quiz, "",
            L + "2: error: the lesson has no quiz; add at least one question (choice, pick or match) that shows the seller reached the objective" },

        // Quiz sanity: choice.
        { "correct: Slow dashboards", "correct: Fast dashboards",
            L + "16: error: the right answer \"Fast dashboards\" of question 1 is not one of its options; copy it exactly from the options" },
        { "options: [Slow dashboards, Many BI tools, Big warehouse]", "options: [Slow dashboards, Many BI tools, Slow dashboards]",
            L + "15: error: the option \"Slow dashboards\" appears twice in question 1; remove the copy" },
        { "options: [Slow dashboards, Many BI tools, Big warehouse]", "options: [Slow dashboards, a, b, c, d, e, f, g, h, i, j]",
            L + "15: error: question 1 has 11 options; Slack shows at most 10, so drop the weakest ones" },
        { "options: [Slow dashboards, Many BI tools, Big warehouse]", $"options: [Slow dashboards, {LongOption}]",
            L + "15: error: the option \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" in question 1 is 76 characters; Slack cuts options at 75, so shorten it" },
        { "options: [Slow dashboards, Many BI tools, Big warehouse]", "options: [Slow dashboards]",
            L + "15: error: question 1 needs at least two options to choose from" },
        { "- kind: choice", "- kind: quiz",
            L + "13: error: question 1 has the kind \"quiz\"; use choice, pick or match" },
        { "    explanation: It predicts the win.", "    explanation: It predicts the win.\n    hint: Think",
            L + "18: error: unknown key \"hint\" in question 1 (choice); the keys allowed here are kind, prompt, options, correct, explanation" },

        // Media sanity.
        { "url: https://example.com/signals.png", "url: http://example.com/signals.png",
            L + "10: error: \"url\" must be a full web address starting with https://, such as https://example.com/diagram.png; found \"http://example.com/signals.png\"" },
        { "    alt: The three signals\n", "",
            L + "9: error: media entry 1 (image) is missing \"alt\"" },
        { "  - type: image", "  - type: gif",
            L + "9: error: media entry 1 has the type \"gif\"; use image, video, audio or link" },
        { "  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals",
            "  - type: video\n    url: https://example.com/v\n    title: Signals\n    thumbnail: https://example.com/v.jpg\n    duration: two minutes\n    transcript: Words",
            L + "13: error: the duration \"two minutes\" of media entry 1 is not one the bot can read; write it like 2m10s, 45s or 2:10" },
        { "  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals",
            "  - type: video\n    url: https://example.com/v\n    title: Signals\n    duration: 1m",
            L + "9: error: media entry 1 (video) is missing \"thumbnail\"" },
        { "  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals",
            "  - type: audio\n    url: https://example.com/a.mp3\n    duration: 30s",
            L + "9: warning: media entry 1 (audio) has no transcript; add one so sellers can find the lesson by what was said in it" },

        // Dates.
        { "minutes: 1", "minutes: 1\navailable_from: 2026-13-01",
            L + "8: error: \"available_from\" must be a date written as YYYY-MM-DD, such as 2026-12-01; found \"2026-13-01\"" },
        { "minutes: 1", "minutes: 1\navailable_from: 2027-02-01\nrelevant_until: 2027-01-31",
            L + "9: error: \"relevant_until\" (2027-01-31) is before \"available_from\" (2027-02-01); swap or fix the dates" },
        { "minutes: 1", "minutes: 1\navailable_from: 2027-01-01\nrelevant_until: 2027-01-31\ncampaign:\n  starts: 2027-02-03T09:00",
            L + "11: error: the campaign starts on 2027-02-03, outside the lesson's window (2027-01-01 to 2027-01-31); move the start or widen the window" },
        { "minutes: 1", "minutes: 1\ncampaign:\n  starts: next monday",
            L + "9: error: the campaign start \"next monday\" is not a date and time the bot can read; write it like 2027-01-15T09:00 (the seller's local time)" },
        { "minutes: 1", "minutes: 1\ncampaign:\n  starts: 2027-01-15T09:00\n  audience: everyone",
            L + "10: error: the campaign audience \"everyone\" is not known; use \"all\" or \"partner-sellers\"" },

        // Structure of the file.
        { "title: Qualify a sample co-sell", "title: Qualify: a sample co-sell",
            L + "3: error: the YAML cannot be read (while scanning a plain scalar value, found invalid mapping); check the indentation, and put quotes around text that contains \": \" or starts with a special character" },
        { "---\nid: sample-lesson", "id: sample-lesson",
            L + "1: error: a lesson must start with a line of three dashes (---), then its front matter (id, title, objective, ...), then another line of three dashes" },

        // Body parts Slack cannot show, at their line in the file.
        { "Ask about slow dashboards first.", "Ask about slow dashboards first.\n\n| a | b |\n| - | - |\n| 1 | 2 |",
            L + "21: warning: Slack cannot show tables, so this one arrives as plain lines of text; use a short list instead" },
        { "Ask about slow dashboards first.", "Ask about slow dashboards first.\n\n![chart](https://example.com/c.png)",
            L + "21: warning: images inside the text are not shown in Slack; move the picture to \"media\" as an image with alt text" },
        { "Ask about slow dashboards first.", "Ask about <b>slow</b> dashboards first.",
            L + "19: warning: Slack cannot show HTML tags such as <b>, so they are dropped; use Markdown instead" },
    };

    public static TheoryData<string, string, string> BrokenQuizzes => new()
    {
        { "kind: pick\n    prompt: Pick two\n    count: 1\n    options: [a, b, c]\n    correct: [a]",
            "15: error: question 1 asks to pick 1; a pick question asks for at least 2 (use a choice question for one answer)", "count" },
        { "kind: pick\n    prompt: Pick three\n    count: 3\n    options: [a, b, c]\n    correct: [a, b, c]",
            "15: error: question 1 asks to pick 3 of 3 options; offer more options than the seller has to pick", "count = options" },
        { "kind: pick\n    prompt: Pick two\n    count: 2\n    options: [a, b, c]\n    correct: [a, d]",
            "17: error: the right answer \"d\" of question 1 is not one of its options; copy it exactly from the options", "correct outside options" },
        { "kind: pick\n    prompt: Pick two\n    count: 2\n    options: [a, b, c, d]\n    correct: [a, b, c]",
            "17: error: question 1 asks to pick 2 but lists 3 right answers; make them the same number", "correct count" },
        { "kind: match\n    prompt: Match\n    pairs:\n      Slow: Cache",
            "15: error: question 1 needs at least two pairs to match", "one pair" },
        { "kind: match\n    prompt: Match\n    pairs:\n      Slow: Cache\n      Costly: Cache",
            "17: error: \"Cache\" is the answer to two pairs in question 1; every right-hand item must be different", "right values repeat" },
        { "kind: match\n    prompt: Match\n    pairs:\n      Slow: Cache\n      Costly: Fewer queries\n    distractors: [Cache]",
            "18: error: the distractor \"Cache\" of question 1 repeats another choice; every right-hand choice must be different", "distractor repeats" },
    };

    [Fact]
    public void Valid_sample_lints_clean_with_exit_code_0_and_a_summary()
    {
        using var directory = WithSample();
        var output = new StringWriter();

        var exit = LearningBot.CommandLine.LintCommand.Run(directory.Root, null, [], output, TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Equal($"{directory.Root}: 1 partner, 1 lesson: 0 errors, 0 warnings\n", output.ToString());
    }

    [Theory]
    [MemberData(nameof(BrokenLessons))]
    public void Lesson_that_breaks_a_rule_is_reported_at_the_line_of_the_offending_key(string valid, string broken, string expected)
    {
        Assert.Contains(valid, ValidLesson, StringComparison.Ordinal);
        using var directory = WithSample(ValidLesson.Replace(valid, broken, StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Contains(expected, lines);
        Assert.Equal(lines.Any(l => l.Contains(": error: ", StringComparison.Ordinal)) ? 1 : 0, exit);
    }

    [Theory]
    [MemberData(nameof(BrokenQuizzes))]
    public void Quiz_question_that_cannot_be_graded_is_reported_at_its_line(string question, string expected, string because)
    {
        var lesson = ValidLesson.Replace(Quiz, "quiz:\n  - " + question + "\n", StringComparison.Ordinal);
        using var directory = WithSample(lesson);

        var (exit, lines, _) = directory.Lint();

        Assert.True(lines.Contains(L + expected), $"{because}: expected {expected} in\n{string.Join('\n', lines)}");
        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData(Objective, "objective: Learners will be able to list the three signals of a sample co-sell")]
    [InlineData(Objective, "objective: Learner can name the partner's three products")]
    [InlineData(Objective, "objective: Compare Northwind and Contoso on price")]
    [InlineData(Objective, "objective: Match each signal to its benefit, e.g. speed to the cache")]
    [InlineData(Objective, "objective: Position the sample partner in the U.S. market")]
    [InlineData("title: Qualify a sample co-sell", "title: Qualify a sample co-sell with a title exactly as long as Slack's card header allows, which is one hundred and fifty characters in all, no more........")]
    [InlineData("objective_kind: qualify-cosell", "objective_kind: product-release")]
    [InlineData("partner: sample-partner\nobjective: List the three signals of a sample co-sell\nobjective_kind: qualify-cosell", "objective: List the three signals of a sample co-sell\nobjective_kind: spiff")]
    [InlineData("minutes: 1", "minutes: 2.5")]
    [InlineData("minutes: 1", "minutes: 1\navailable_from: 2027-01-01\nrelevant_until: 2027-01-31\ncampaign:\n  starts: 2027-01-15T09:00\n  audience: partner-sellers")]
    [InlineData("minutes: 1", "minutes: 1\navailable_from: 2027-01-01\nrelevant_until: 2027-01-01\ncampaign:\n  starts: 2027-01-01T09:00")]
    [InlineData("options: [Slow dashboards, Many BI tools, Big warehouse]", "options: [Slow dashboards, Many BI tools, Big warehouse, a, b, c, d, e, f, g]")]
    [InlineData("  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals",
        "  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals\n  - type: video\n    url: https://example.com/v\n    title: Signals\n"
        + "    thumbnail: https://example.com/v.jpg\n    duration: 1:30\n    transcript: Words\n  - type: link\n    url: https://example.com/docs")]
    public void Lesson_that_keeps_the_rules_lints_clean(string valid, string kept)
    {
        Assert.Contains(valid, ValidLesson, StringComparison.Ordinal);
        using var directory = WithSample(ValidLesson.Replace(valid, kept, StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Empty(lines);
        Assert.Equal(0, exit);
    }

    [Theory]
    [InlineData("kind: pick\n    prompt: Pick two\n    count: 2\n    options: [a, b, c]\n    correct: [a, b]")]
    [InlineData("kind: match\n    prompt: Match\n    pairs:\n      Slow: Cache\n      Costly: Fewer queries\n    distractors: [Bigger disks]")]
    [InlineData("kind: choice\n    prompt: Which?\n    options: [\"Yes, always\", \"No\"]\n    correct: \"Yes, always\"")]
    public void Quiz_question_that_can_be_graded_lints_clean(string question)
    {
        using var directory = WithSample(ValidLesson.Replace(Quiz, "quiz:\n  - " + question + "\n", StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Empty(lines);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void A_lesson_whose_every_question_lists_its_right_answer_first_gets_a_warning_and_mixed_options_do_not()
    {
        const string second = "  - kind: pick\n    prompt: Pick two\n    count: 2\n    options: [a, b, c]\n    correct: [a, b]\n";
        using var first = WithSample(ValidLesson.Replace(Quiz, Quiz + "\n" + second, StringComparison.Ordinal));
        using var mixed = WithSample(ValidLesson.Replace(Quiz, Quiz + "\n" + second.Replace("[a, b, c]", "[c, a, b]", StringComparison.Ordinal), StringComparison.Ordinal));

        var (exit, lines, _) = first.Lint();

        Assert.Equal([L + "12: warning: every question lists its right answer first; the card shuffles options, but mix them up in the file too "
            + "so a reviewer (or a seller reading the source) does not learn that the first option is always right"], lines);
        Assert.Equal(0, exit);
        Assert.Empty(mixed.Lint().Lines);
    }

    [Theory]
    [InlineData("key_points:\n  - One\n  - Two\n  - Three\n  - Four",
        "7: error: the lesson has 4 key points; the card shows at most 3, so keep the ones a seller must not miss")]
    [InlineData("key_points:\n  - \"\"", "8: error: a key point is empty; write it or remove the line")]
    public void Key_points_are_at_most_three(string keyPoints, string expected)
    {
        using var directory = WithSample(ValidLesson.Replace("minutes: 1", keyPoints + "\nminutes: 1", StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Equal([L + expected], lines);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void A_key_point_over_120_characters_is_an_error_at_its_line_and_one_of_120_is_fine()
    {
        using var longOne = WithSample(ValidLesson.Replace("minutes: 1", $"key_points:\n  - Fine\n  - {new string('k', 121)}\nminutes: 1", StringComparison.Ordinal));
        using var fits = WithSample(ValidLesson.Replace("minutes: 1", $"key_points:\n  - {new string('k', 120)}\nminutes: 1", StringComparison.Ordinal));

        Assert.Equal([L + $"9: error: the key point \"{new string('k', 30)}...\" is 121 characters; keep each key point to 120 so the card reads in seconds"],
            longOne.Lint().Lines);
        Assert.Empty(fits.Lint().Lines);
    }

    [Fact]
    public void Lesson_over_the_attention_budget_is_an_error_at_its_minutes_line()
    {
        var body = string.Join(' ', Enumerable.Repeat("word", 1400));
        using var directory = WithSample(ValidLesson
            .Replace("Ask about slow dashboards first.", body, StringComparison.Ordinal)
            .Replace("minutes: 1", "minutes: 7", StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Equal(
            [L + "7: error: the lesson takes about 7.5 minutes (text 7 for 1400 words, media 0, quiz 0.5 for 1 question), more than the 7 minutes a seller can give it; cut the text or split it into two lessons with one objective each"],
            lines);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Attention_budget_counts_video_and_audio_durations()
    {
        using var directory = WithSample(ValidLesson.Replace(
            "  - type: image\n    url: https://example.com/signals.png\n    alt: The three signals",
            "  - type: video\n    url: https://example.com/v\n    title: Signals\n    thumbnail: https://example.com/v.jpg\n    duration: 4m\n    transcript: Words\n"
            + "  - type: audio\n    url: https://example.com/a.mp3\n    duration: 3m\n    transcript: Words",
            StringComparison.Ordinal));

        var (exit, lines, _) = directory.Lint();

        Assert.Contains(L + "7: error: the lesson takes about 7.5 minutes (text 0 for 5 words, media 7, quiz 0.5 for 1 question), more than the 7 minutes a seller can give it; cut the text or split it into two lessons with one objective each", lines);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Attention_budget_comes_from_the_option_or_the_content_max_minutes_setting()
    {
        var body = string.Join(' ', Enumerable.Repeat("word", 300));
        using var directory = WithSample(ValidLesson
            .Replace("Ask about slow dashboards first.", body, StringComparison.Ordinal)
            .Replace("minutes: 1", "minutes: 2", StringComparison.Ordinal));

        Assert.Equal(0, directory.Lint().ExitCode);
        Assert.Equal(1, directory.Lint(maxMinutes: 1.5m).ExitCode);
        Assert.Equal(1, directory.Lint(null, "--Content:MaxMinutes=1.5").ExitCode);
        Assert.Equal(0, directory.Lint(3m, "--Content:MaxMinutes=1.5").ExitCode);
    }

    [Fact]
    public void Duplicate_lesson_ids_are_reported_on_the_second_file()
    {
        using var directory = WithSample();
        directory.Write("lessons/sample-partner/lesson2.md", ValidLesson);

        var (exit, lines, _) = directory.Lint();

        Assert.Equal(["lessons/sample-partner/lesson2.md:2: error: the lesson id \"sample-lesson\" is already used by lessons/sample-partner/lesson.md; every lesson needs its own id"], lines);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Lesson_in_another_partners_folder_gets_a_warning()
    {
        using var directory = ContentDirectory.WithSample();
        directory.Delete(LessonPath);
        directory.Write("lessons/other/lesson.md", ValidLesson);

        var (exit, lines, _) = directory.Lint();

        Assert.Equal(["lessons/other/lesson.md:4: warning: the lesson is in lessons/other/ but is about \"sample-partner\"; move it to lessons/sample-partner/ so authors find it"], lines);
        Assert.Equal(0, exit);
    }

    [Theory]
    [InlineData("name: Sample Partner\n", "", "1: error: the front matter is missing \"name\"")]
    [InlineData("summary: Makes samples.", "summary: Makes samples.\nwebsite: https://example.com", "7: error: unknown key \"website\"; the keys allowed here are id, name, aliases, domains, channel, summary")]
    [InlineData("domains: [samplepartner.com]", "domains: [samplepartner.com, \"@Sample.com\"]", "4: error: \"@Sample.com\" is not an email domain; write only the part after the @, in lowercase, such as northwinddata.com")]
    [InlineData("channel: \"#partner-sample\"", "channel: partner sample", "5: error: the channel \"partner sample\" should be a channel name such as \"#partner-northwind\" (in quotes) or a channel id such as C0123ABCD")]
    [InlineData("id: sample-partner", "id: Sample_Partner", "1: error: the partner id \"Sample_Partner\" may only use lowercase letters, digits and dashes, such as \"northwind-data\"")]
    [InlineData("aliases: [Sample]\ndomains: [samplepartner.com]\n", "", "1: warning: the partner has neither aliases nor domains, so no meeting will ever be matched to it; add at least one")]
    public void Partner_file_that_breaks_a_rule_is_reported_at_its_line(string valid, string broken, string expected)
    {
        Assert.Contains(valid, ValidPartner, StringComparison.Ordinal);
        using var directory = WithSample(partner: ValidPartner.Replace(valid, broken, StringComparison.Ordinal));

        var (_, lines, _) = directory.Lint();

        Assert.Contains(PartnerPath + ":" + expected, lines);
    }

    [Fact]
    public void File_that_is_not_utf8_is_an_error_at_line_1()
    {
        using var directory = WithSample();
        File.WriteAllBytes(Path.Combine(directory.Root, LessonPath), [0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]);

        var (exit, lines, _) = directory.Lint();

        Assert.Equal([L + "1: error: the file is not UTF-8 text; save it as UTF-8 in your editor"], lines);
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Findings_are_sorted_by_file_and_line_with_paths_relative_to_the_directory()
    {
        using var directory = WithSample(ValidLesson
            .Replace("minutes: 1", "minutes: 9", StringComparison.Ordinal)
            .Replace(Objective, "objective: Review the signals", StringComparison.Ordinal));
        directory.Write("lessons/campaigns/a.md", ValidLesson.Replace("id: sample-lesson", "id: a-lesson", StringComparison.Ordinal)
            .Replace("correct: Slow dashboards", "correct: Nothing", StringComparison.Ordinal));

        var (_, lines, _) = directory.Lint();

        Assert.Equal(
        [
            "lessons/campaigns/a.md:16: error: the right answer \"Nothing\" of question 1 is not one of its options; copy it exactly from the options",
            L + "5: error: objective uses the passive verb \"review\"; say what the learner will be able to do, for example \"List the signals\"",
            L + "7: warning: \"minutes\" says 9 but the lesson takes about 0.5 minutes (text 0 for 5 words, media 0, quiz 0.5 for 1 question); set it to 1",
        ], lines);
    }

    [Fact]
    public void Warnings_alone_exit_0_and_errors_exit_1()
    {
        using var warned = WithSample(ValidLesson.Replace("minutes: 1", "minutes: 5", StringComparison.Ordinal));
        using var broken = WithSample(ValidLesson.Replace(Objective, "objective: Know the signals", StringComparison.Ordinal));

        Assert.Equal(0, warned.Lint().ExitCode);
        Assert.Single(warned.Lint().Lines);
        Assert.Equal(1, broken.Lint().ExitCode);
    }

    [Fact]
    public void Missing_directory_exits_2_with_a_one_line_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lbcontent-missing-" + Guid.NewGuid().ToString("N"));

        var error = new StringWriter();
        var exit = LearningBot.CommandLine.LintCommand.Run(missing, null, [], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Equal($"learningbot: error: cannot read \"{missing}\": there is no such directory\n", error.ToString());
    }

    [Fact]
    public void Directory_without_partners_or_lessons_exits_2()
    {
        using var directory = new ContentDirectory();
        directory.Write("notes.txt", "hello");

        var (exit, lines, error) = directory.Lint();

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("neither a partners/ nor a lessons/ folder", error, StringComparison.Ordinal);
    }
}
