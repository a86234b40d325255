using System.Text.Json.Nodes;
using LearningBot.Content;
using LearningBot.Discussions;
using LearningBot.Slack.BlockKit;
using Microsoft.Extensions.Options;

namespace LearningBot.Quizzes;

/// <summary>Loads a delivery's lesson and renders its cards as the JSON the Web API takes.</summary>
internal sealed class LessonCards(LessonViewStore views, DiscussionStore discussions, IOptions<QuizzesOptions> options)
{
    public const string MetadataEventType = "learningbot_delivery";

    private IReadOnlySet<string> VideoDomains => options.Value.VideoUnfurlDomains.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The delivery's lesson, with the size of its discussion thread when it has one.</summary>
    public async Task<(LessonView View, long SellerId)?> LoadAsync(long deliveryId, CancellationToken cancellationToken)
    {
        if (await views.LoadAsync(deliveryId, MarkdownToMrkdwn.Convert, cancellationToken) is not { } loaded)
            return null;
        var sizes = await discussions.SizesAsync([loaded.View.LessonId], cancellationToken);
        return sizes.TryGetValue(loaded.View.LessonId, out var size)
            ? (loaded.View with { DiscussionSummary = DiscussionMessages.Size(size) }, loaded.SellerId)
            : loaded;
    }

    public (string Text, JsonArray Blocks) Card(LessonView lesson) => Json(LessonCard.Render(lesson, VideoDomains));

    public (string Text, JsonArray Blocks) Graded(LessonView lesson, IReadOnlyList<GradedAnswer> grades) =>
        Json(LessonCard.RenderGraded(lesson, grades, VideoDomains));

    public static (string Text, JsonArray Blocks) SavedForLater(LessonView lesson, MrkdwnToken comesBack) =>
        Json(LessonCard.RenderSavedForLater(lesson, comesBack));

    /// <summary>The modal with the whole lesson, as the views.open call takes it.</summary>
    public static JsonObject FullLesson(LessonView lesson) =>
        JsonNode.Parse(BlockKitJson.Serialize(LessonCard.RenderFullLesson(lesson)))!.AsObject();

    private static (string Text, JsonArray Blocks) Json(SlackMessage message) =>
        (message.Text, JsonNode.Parse(BlockKitJson.Serialize(message))!["blocks"]!.AsArray());
}
