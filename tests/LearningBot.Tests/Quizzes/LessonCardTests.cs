using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Discussions;
using LearningBot.Quizzes;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;

namespace LearningBot.Tests.Quizzes;

public sealed class LessonCardTests
{
    private static readonly IReadOnlySet<string> VideoDomains = new HashSet<string> { "videos.example.com" };

    private static LessonView Lesson(IReadOnlyList<LessonMedia>? media = null, string body = "Ask about *dashboards* first.") => new(
        DeliveryId: 42, LessonId: "northwind-qualify", Title: "Qualify a Northwind co-sell",
        Objective: "Qualify a co-sell opportunity with the three entry questions", BodyMrkdwn: body,
        Media: media ?? [new LessonMedia("image", "https://example.com/a.png", Alt: "Where Northwind sits")],
        Minutes: 5, WhyNow: "Before Acme + Northwind, Tue 10:00",
        Questions:
        [
            new QuizQuestion.Choice(1, "Who registers the deal?", "You do, in the partner portal.", ["You", "The partner rep", "Nobody"], 0),
            new QuizQuestion.Pick(2, "Pick the three signals", null, ["Slow dashboards", "Several BI tools", "10 TB+", "Excel", "New CFO"], 3,
                new HashSet<int> { 0, 1, 2 }),
            new QuizQuestion.Match(3, "Match signal and benefit", "Each signal maps to one benefit.",
                [new("Slow dashboards", "Cached queries"), new("Several BI tools", "One semantic layer")], ["Cheaper storage"]),
        ])
    {
        KeyPoints = ["Ask about dashboards first", "Count the BI tools", "Register <before> the meeting & invite the rep"],
    };

    private static JsonArray BlocksJson(SlackMessage message) =>
        JsonNode.Parse(BlockKitJson.Serialize(message))!["blocks"]!.AsArray();

    [Fact]
    public void The_first_screen_is_why_now_title_objective_and_key_points_then_the_read_button_media_quiz_and_buttons()
    {
        var blocks = BlocksJson(LessonCard.Render(Lesson(), VideoDomains));
        var types = blocks.Select(b => (string)b!["type"]!).ToList();

        Assert.Equal(["context", "header", "section", "actions", "image", "divider"], types[..6]);
        var why = (string)blocks[0]!["elements"]![0]!["text"]!;
        Assert.Contains("Before Acme + Northwind, Tue 10:00", why, StringComparison.Ordinal);
        Assert.Contains("5 min", why, StringComparison.Ordinal);
        Assert.Equal("*After this you can:* Qualify a co-sell opportunity with the three entry questions\n• Ask about dashboards first\n"
            + "• Count the BI tools\n• Register &lt;before&gt; the meeting &amp; invite the rep", (string)blocks[2]!["text"]!["text"]!);
        var read = blocks[3]!["elements"]![0]!;
        Assert.Equal(LessonCard.ReadAction, (string)read["action_id"]!);
        Assert.Equal("Read the whole lesson (5 min)", (string)read["text"]!["text"]!);
        Assert.Equal("42", (string)read["value"]!);
        Assert.DoesNotContain("Ask about *dashboards* first.", blocks.ToJsonString(), StringComparison.Ordinal);
        var last = blocks[^1]!["elements"]!.AsArray().Select(e => (string)e!["action_id"]!).ToList();
        Assert.Equal([LessonCard.SubmitAction, LessonCard.LaterAction, DiscussAction.ActionId], last);
    }

    [Fact]
    public void The_notification_names_the_meeting_its_time_the_title_and_the_length()
    {
        Assert.Equal("Before Acme + Northwind, Tue 10:00: Qualify a Northwind co-sell (5 min)", LessonCard.Render(Lesson(), VideoDomains).Text);
        Assert.Equal("New lesson: Qualify a Northwind co-sell (5 min)", LessonCard.Render(Lesson() with { WhyNow = null }, VideoDomains).Text);
    }

    [Fact]
    public void Quiz_elements_use_short_stable_keys_never_option_text()
    {
        var json = BlockKitJson.Serialize(LessonCard.Render(Lesson(), VideoDomains));
        var blocks = JsonNode.Parse(json)!["blocks"]!.AsArray();

        var radio = blocks.First(b => (string?)b!["block_id"] == "q-1")!["elements"]![0]!;
        Assert.Equal("radio_buttons", (string)radio["type"]!);
        Assert.Equal(["o0", "o1", "o2"], radio["options"]!.AsArray().Select(o => (string)o!["value"]!).Order());
        var checkboxes = blocks.First(b => (string?)b!["block_id"] == "q-2")!["elements"]![0]!;
        Assert.Equal("checkboxes", (string)checkboxes["type"]!);
        Assert.Contains("pick exactly 3", json, StringComparison.Ordinal);
        var select = blocks.First(b => (string?)b!["block_id"] == "q-3-0")!["accessory"]!;
        Assert.Equal("static_select", (string)select["type"]!);
        Assert.Equal(["r0", "r1", "r2"], select["options"]!.AsArray().Select(o => (string)o!["value"]!).Order());
    }

    [Fact]
    public void Match_choices_appear_in_the_same_shuffled_order_every_time()
    {
        string Options() => BlocksJson(LessonCard.Render(Lesson(), VideoDomains))
            .First(b => (string?)b!["block_id"] == "q-3-1")!["accessory"]!["options"]!.ToJsonString();

        Assert.Equal(Options(), Options());
    }

    [Fact]
    public void Videos_on_an_unfurl_domain_play_inline_and_others_become_links()
    {
        var media = new[]
        {
            new LessonMedia("video", "https://videos.example.com/embed/1", Title: "Talk track", Thumbnail: "https://example.com/t.jpg", Duration: "2m10s"),
            new LessonMedia("video", "https://elsewhere.example.org/v/2", Title: "Demo", Thumbnail: "https://example.com/t.jpg", Duration: "1m"),
            new LessonMedia("audio", "https://example.com/pod.mp3", Title: "Podcast", Duration: "3m"),
        };

        var blocks = BlocksJson(LessonCard.Render(Lesson(media), VideoDomains));

        Assert.Single(blocks, b => (string)b!["type"]! == "video");
        Assert.Contains(blocks, b => ((string?)b!["text"]?["text"])?.Contains("<https://elsewhere.example.org/v/2|Demo>", StringComparison.Ordinal) == true);
        Assert.Contains(blocks, b => ((string?)b!["text"]?["text"])?.Contains(":headphones:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Options_are_shuffled_per_delivery_and_stay_in_the_same_order_for_that_delivery()
    {
        static List<string> Order(long delivery) => BlocksJson(LessonCard.Render(Lesson() with { DeliveryId = delivery }, VideoDomains))
            .First(b => (string?)b!["block_id"] == "q-2")!["elements"]![0]!["options"]!.AsArray().Select(o => (string)o!["value"]!).ToList();

        var orders = Enumerable.Range(1, 20).Select(d => string.Join(",", Order(d))).ToList();

        Assert.Equal(Order(7), Order(7));
        Assert.True(orders.Distinct().Count() > 5, string.Join(" | ", orders));
        Assert.Contains(orders, o => !o.StartsWith("o0,o1,o2", StringComparison.Ordinal));
        Assert.All(Enumerable.Range(1, 20), d => Assert.Equal(["o0", "o1", "o2", "o3", "o4"], Order(d).Order()));
    }

    [Fact]
    public void Grading_follows_the_option_chosen_not_its_place_on_a_shuffled_card()
    {
        var lesson = Lesson() with { DeliveryId = 9 };
        var blocks = BlocksJson(LessonCard.Render(lesson, VideoDomains));
        string ValueOf(string blockId, string text) => (string)blocks.First(b => (string?)b!["block_id"] == blockId)!["elements"]![0]!["options"]!
            .AsArray().First(o => (string)o!["text"]!["text"]! == text)!["value"]!;
        IReadOnlyList<string> Chosen(QuizQuestion question) => question switch
        {
            QuizQuestion.Choice => [ValueOf("q-1", "You")],
            QuizQuestion.Pick => [ValueOf("q-2", "Slow dashboards"), ValueOf("q-2", "Several BI tools"), ValueOf("q-2", "10 TB+")],
            _ => ["r0", "r1"],
        };
        using var state = JsonDocument.Parse(QuizStates.State(lesson, Chosen).ToJsonString());

        var (grades, _) = AnswerGrader.Grade(lesson.Questions, QuizState.Read(FormState.OfValues(state.RootElement), lesson.Questions));

        Assert.All(grades, g => Assert.True(g.FullyRight));
        Assert.Equal(3, grades.Count);
    }

    [Fact]
    public void The_card_keeps_the_body_out_and_the_whole_lesson_modal_splits_it_into_sections_within_slacks_limits()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 40).Select(i => $"Paragraph {i} " + new string('x', 180)));
        var lesson = Lesson(body: body);

        var card = BlocksJson(LessonCard.Render(lesson, VideoDomains)).ToJsonString();
        var modal = JsonNode.Parse(BlockKitJson.Serialize(LessonCard.RenderFullLesson(lesson)))!;
        var sections = modal["blocks"]!.AsArray().Where(b => (string)b!["type"]! == "section").Select(b => (string)b!["text"]!["text"]!).ToList();

        Assert.DoesNotContain("Paragraph 0", card, StringComparison.Ordinal);
        Assert.Equal("modal", (string)modal["type"]!);
        Assert.True(((string)modal["title"]!["text"]!).Length <= 24);
        Assert.Equal("Qualify a Northwind co-sell", (string)modal["blocks"]![0]!["text"]!["text"]!);
        Assert.True(sections.Count >= 3);
        Assert.All(sections, s => Assert.True(s.Length <= BlockKitLimits.SectionTextMaxLength));
        Assert.Contains("Paragraph 39", sections[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_too_long_for_one_modal_is_cut_within_the_view_limits_with_a_note()
    {
        var longParagraphs = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i} " + new string('x', 2900)));
        var manyParagraphs = string.Join("\n\n", Enumerable.Range(0, 400).Select(i => $"Paragraph {i} " + new string('x', 1600)));

        foreach (var body in new[] { longParagraphs, manyParagraphs })
        {
            var modal = LessonCard.RenderFullLesson(Lesson(body: body));
            var json = BlockKitJson.Serialize(modal);

            Assert.InRange(modal.Blocks.Count, 10, BlockKitLimits.ViewMaxBlocks);
            Assert.InRange(Encoding.UTF8.GetByteCount(json), 1, BlockKitLimits.ViewMaxBytes);
            Assert.EndsWith("_The lesson goes on; the rest is too long for Slack to show here._", (string)JsonNode.Parse(json)!["blocks"]!.AsArray()[^1]!["text"]!["text"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Saved_for_later_shows_the_date_as_a_slack_date_token_not_as_escaped_text()
    {
        var back = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        var token = Mrkdwn.Date(back, "{date_short_pretty} at {time}", "2026-12-08 09:00 UTC");

        var text = (string)BlocksJson(LessonCard.RenderSavedForLater(Lesson() with { Title = "Q&A <draft>" }, token))[0]!["text"]!["text"]!;

        Assert.Equal(":bookmark: *Saved for later:* Q&amp;A &lt;draft&gt;\nIt comes back <!date^1796720400^{date_short_pretty} at {time}|2026-12-08 09:00 UTC>, "
            + "or resume it now.", text);
    }

    [Fact]
    public void The_graded_card_shows_the_score_right_answers_and_explanations_without_interactive_elements()
    {
        var lesson = Lesson();
        using var state = JsonDocument.Parse("""
            {"q-1":{"answer":{"type":"radio_buttons","selected_option":{"value":"o1"}}},
             "q-2":{"answer":{"type":"checkboxes","selected_options":[{"value":"o0"},{"value":"o1"},{"value":"o3"}]}},
             "q-3-0":{"answer":{"type":"static_select","selected_option":{"value":"r0"}}},
             "q-3-1":{"answer":{"type":"static_select","selected_option":{"value":"r2"}}}}
            """);
        var (grades, problems) = AnswerGrader.Grade(lesson.Questions, QuizState.Read(FormState.OfValues(state.RootElement), lesson.Questions));

        var json = BlockKitJson.Serialize(LessonCard.RenderGraded(lesson, grades, VideoDomains));

        Assert.Empty(problems);
        Assert.Contains("*0 of 3 right*", json, StringComparison.Ordinal);
        Assert.Contains("_2 of 3 picks right_", json, StringComparison.Ordinal);
        Assert.Contains("_1 of 2 matches right_", json, StringComparison.Ordinal);
        Assert.DoesNotContain("1.5", json, StringComparison.Ordinal);
        Assert.Contains("Right answer: *You*", json, StringComparison.Ordinal);
        Assert.Contains("You do, in the partner portal.", json, StringComparison.Ordinal);
        Assert.Contains("(right: *One semantic layer*)", json, StringComparison.Ordinal);
        foreach (var interactive in new[] { "radio_buttons", "checkboxes", "static_select", LessonCard.SubmitAction })
            Assert.DoesNotContain(interactive, json, StringComparison.Ordinal);
        Assert.Contains(TakeawayAction.ActionId, json, StringComparison.Ordinal);
    }
}
