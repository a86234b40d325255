using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Quizzes;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Quizzes;

public sealed class LessonCardTests
{
    private static readonly IReadOnlySet<string> VideoDomains = new HashSet<string> { "videos.example.com" };

    private static LessonView Lesson(IReadOnlyList<LessonMedia>? media = null, string body = "Ask about *dashboards* first.") => new(
        DeliveryId: 42, LessonId: "northwind-qualify", Version: 2, Title: "Qualify a Northwind co-sell",
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
        ]);

    private static JsonArray BlocksJson(SlackMessage message) =>
        JsonNode.Parse(BlockKitJson.Serialize(message))!["blocks"]!.AsArray();

    [Fact]
    public void The_card_shows_title_objective_body_media_why_now_then_the_quiz_and_its_buttons()
    {
        var blocks = BlocksJson(LessonCard.Render(Lesson(), VideoDomains));
        var types = blocks.Select(b => (string)b!["type"]!).ToList();

        Assert.Equal("header", types[0]);
        Assert.Contains("After this you can:", (string)blocks[1]!["text"]!["text"]!, StringComparison.Ordinal);
        Assert.Contains("image", types);
        var context = (string)blocks.First(b => (string)b!["type"]! == "context")!["elements"]![0]!["text"]!;
        Assert.Contains("5 min", context, StringComparison.Ordinal);
        Assert.Contains("Before Acme + Northwind, Tue 10:00", context, StringComparison.Ordinal);
        var last = blocks[^1]!["elements"]!.AsArray().Select(e => (string)e!["action_id"]!).ToList();
        Assert.Equal([LessonCard.SubmitAction, LessonCard.LaterAction, LessonCard.DiscussAction], last);
    }

    [Fact]
    public void Quiz_elements_use_short_stable_keys_never_option_text()
    {
        var json = BlockKitJson.Serialize(LessonCard.Render(Lesson(), VideoDomains));
        var blocks = JsonNode.Parse(json)!["blocks"]!.AsArray();

        var radio = blocks.First(b => (string?)b!["block_id"] == "q-1")!["elements"]![0]!;
        Assert.Equal("radio_buttons", (string)radio["type"]!);
        Assert.Equal(["o0", "o1", "o2"], radio["options"]!.AsArray().Select(o => (string)o!["value"]!));
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
    public void A_long_body_is_split_into_sections_within_the_section_limit()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 40).Select(i => $"Paragraph {i} " + new string('x', 180)));

        var sections = BlocksJson(LessonCard.Render(Lesson(body: body), VideoDomains))
            .Where(b => (string)b!["type"]! == "section").Select(b => (string?)b!["text"]?["text"] ?? "").ToList();

        Assert.All(sections, s => Assert.True(s.Length <= BlockKitLimits.SectionTextMaxLength));
        Assert.Contains(sections, s => s.StartsWith("Paragraph 39", StringComparison.Ordinal) || s.Contains("Paragraph 39", StringComparison.Ordinal));
    }

    [Fact]
    public void The_graded_card_shows_the_score_right_answers_and_explanations_without_interactive_elements()
    {
        var lesson = Lesson();
        using var state = JsonDocument.Parse("""
            {"q-1":{"answer":{"type":"radio_buttons","selected_option":{"value":"o1"}}},
             "q-2":{"answer":{"type":"checkboxes","selected_options":[{"value":"o0"},{"value":"o1"},{"value":"o2"}]}},
             "q-3-0":{"answer":{"type":"static_select","selected_option":{"value":"r0"}}},
             "q-3-1":{"answer":{"type":"static_select","selected_option":{"value":"r2"}}}}
            """);
        var (grades, problems) = AnswerGrader.Grade(lesson.Questions, QuizState.Read(state.RootElement, lesson.Questions));

        var json = BlockKitJson.Serialize(LessonCard.RenderGraded(lesson, grades, VideoDomains));

        Assert.Empty(problems);
        Assert.Contains("Quiz done: 1.5 of 3", json, StringComparison.Ordinal);
        Assert.Contains("Right answer: *You*", json, StringComparison.Ordinal);
        Assert.Contains("You do, in the partner portal.", json, StringComparison.Ordinal);
        Assert.Contains("(right: *One semantic layer*)", json, StringComparison.Ordinal);
        foreach (var interactive in new[] { "radio_buttons", "checkboxes", "static_select", LessonCard.SubmitAction })
            Assert.DoesNotContain(interactive, json, StringComparison.Ordinal);
        Assert.Contains(LessonCard.TakeawayAction, json, StringComparison.Ordinal);
    }
}
