using Dapper;
using LearningBot.Delivery;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>
/// The lessons in a seller's DMs they have not finished, and whether they hold back the next one
/// (<c>Pacing:MaxUnfinishedLessons</c>; a lesson the seller asked for does not count), with an Open button each.
/// </summary>
internal sealed class WaitingLessons(DeliveryReads deliveries, ISlackApi slack, IOptions<PacingOptions> pacing, ILogger<WaitingLessons> logger)
{
    /// <param name="Blocking">The unfinished lessons that hold back the next one; empty while the limit is not reached.</param>
    internal sealed record State(IReadOnlyList<UnfinishedLesson> All, IReadOnlyList<UnfinishedLesson> Blocking);

    public async Task<State> OfAsync(long sellerId, CancellationToken cancellationToken)
    {
        var all = await deliveries.UnfinishedLessonsAsync(sellerId, cancellationToken);
        var counting = all.Where(w => !w.Pulled).ToList();
        return new State(all, counting.Count >= pacing.Value.MaxUnfinishedLessons ? counting : []);
    }

    /// <summary>Why nothing new comes, in the seller's words: "2 lessons are waiting for you: finish one and the next comes."</summary>
    public static string Explanation(int count) => count == 1
        ? "1 lesson is waiting for you: finish it and the next comes."
        : $"{count} lessons are waiting for you: finish one and the next comes.";

    /// <summary>One section per lesson with a button that opens it in the DM (and, from a message, says where it is).</summary>
    public async Task<IReadOnlyList<Block>> ListAsync(IEnumerable<UnfinishedLesson> lessons, string blockPrefix, CancellationToken cancellationToken)
    {
        var blocks = new List<Block>();
        foreach (var lesson in lessons.Take(10))
        {
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                $"• *{Mrkdwn.Escape(lesson.Title)}*" + (lesson.Pulled ? " _(you asked for it)_" : ""), BlockKitLimits.SectionTextMaxLength)))
            {
                BlockId = $"{blockPrefix}-{lesson.LessonId}",
                Accessory = new ButtonElement(TextObject.Plain("Open"), SearchResultsCard.StartAction)
                {
                    Value = lesson.LessonId,
                    Url = await PermalinkAsync(lesson, cancellationToken),
                },
            });
        }
        return blocks;
    }

    private async Task<string?> PermalinkAsync(UnfinishedLesson lesson, CancellationToken cancellationToken)
    {
        if (lesson.SlackChannel is not { } channel || lesson.SlackTs is not { } ts)
            return null;
        try
        {
            return await slack.GetPermalinkAsync(channel, ts, cancellationToken);
        }
        catch (SlackApiException e)
        {
            // The button still works without the link: it tells the seller the lesson is in their DMs.
            logger.LogInformation("No permalink for lesson {LessonId} in {Channel}: {Error}", lesson.LessonId, channel, e.Error);
            return null;
        }
    }
}
