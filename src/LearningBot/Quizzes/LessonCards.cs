using System.Text.Json.Nodes;
using LearningBot.Content;
using LearningBot.Slack.BlockKit;
using Microsoft.Extensions.Options;

namespace LearningBot.Quizzes;

/// <summary>Loads a delivery's lesson and renders its cards as the JSON the Web API takes.</summary>
internal sealed class LessonCards(LessonViewStore views, IOptions<QuizzesOptions> options)
{
    public const string MetadataEventType = "learningbot_delivery";

    private IReadOnlySet<string> VideoDomains => options.Value.VideoUnfurlDomains.ToHashSet(StringComparer.OrdinalIgnoreCase);

    public Task<(LessonView View, long SellerId)?> LoadAsync(long deliveryId, CancellationToken cancellationToken) =>
        views.LoadAsync(deliveryId, MarkdownToMrkdwn.Convert, cancellationToken);

    public (string Text, JsonArray Blocks) Card(LessonView lesson) => Json(LessonCard.Render(lesson, VideoDomains));

    public (string Text, JsonArray Blocks) Graded(LessonView lesson, IReadOnlyList<GradedAnswer> grades) =>
        Json(LessonCard.RenderGraded(lesson, grades, VideoDomains));

    public static (string Text, JsonArray Blocks) SavedForLater(LessonView lesson, string comesBack) =>
        Json(LessonCard.RenderSavedForLater(lesson, comesBack));

    private static (string Text, JsonArray Blocks) Json(SlackMessage message) =>
        (message.Text, JsonNode.Parse(BlockKitJson.Serialize(message))!["blocks"]!.AsArray());
}
