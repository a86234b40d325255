using LearningBot.Content;
using LearningBot.Discussions;
using LearningBot.Slack.BlockKit;
using Microsoft.Extensions.Options;

namespace LearningBot.Quizzes;

/// <summary>The cards of one delivery: its lesson loaded with the size of its thread, rendered by <see cref="LessonCard"/> with the configured video domains.</summary>
internal sealed class DeliveryCards(LessonViewStore views, DiscussionStore discussions, IOptions<QuizzesOptions> options)
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

    public SlackMessage Card(LessonView lesson) => LessonCard.Render(lesson, VideoDomains);

    public SlackMessage Graded(LessonView lesson, IReadOnlyList<GradedAnswer> grades) => LessonCard.RenderGraded(lesson, grades, VideoDomains);

    public static SlackMessage SavedForLater(LessonView lesson, MrkdwnToken comesBack) => LessonCard.RenderSavedForLater(lesson, comesBack);

    /// <summary>The modal with the whole lesson.</summary>
    public static ModalView FullLesson(LessonView lesson) => LessonCard.RenderFullLesson(lesson);
}
