using LearningBot.Discussions;
using LearningBot.Infrastructure;
using LearningBot.Search;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;

namespace LearningBot.Learn;

/// <summary>/learn search results: each lesson with its partner, why it matched, and a Start button.</summary>
internal static class SearchResultsCard
{
    public const string StartAction = "learn-start";

    /// <param name="threads">The discussion thread of each lesson that has one, shown as "5 replies in #partner-northwind".</param>
    public static SlackReply Reply(string query, SearchResults hits, IReadOnlyDictionary<string, ThreadSize>? threads = null)
    {
        if (hits.Count == 0)
        {
            return LearnReplies.Text($"No lesson matches “{Mrkdwn.Escape(query)}”. Try other words you remember, "
                + $"or `/learn partner {LearnHelp.Placeholder("name")}` to browse a partner's lessons.");
        }
        var heading = hits.CorrectedQuery is { } corrected
            ? $"Showing results for *{Mrkdwn.Escape(corrected)}* (you typed “{Mrkdwn.Escape(query)}”)"
            : $"*Lessons for “{Mrkdwn.Escape(query)}”*";
        var blocks = new List<Block> { new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(heading, BlockKitLimits.SectionTextMaxLength))) };
        foreach (var hit in hits)
        {
            var partner = hit.PartnerName is { } name ? $" · {Mrkdwn.Escape(name)}" : "";
            if (threads?.GetValueOrDefault(hit.LessonId) is { } thread)
                partner += $" · :speech_balloon: {DiscussionMessages.Size(thread)}";
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                $"*{Mrkdwn.Escape(hit.Title)}*{partner}\n_{hit.MatchedIn}:_ {hit.Snippet}", BlockKitLimits.SectionTextMaxLength)))
            {
                BlockId = $"hit-{hit.LessonId}",
                Accessory = new ButtonElement(TextObject.Plain("Start"), StartAction) { Value = hit.LessonId },
            });
        }
        return new SlackReply(new MessageBuilder($"{Plural.Count(hits.Count, "lesson")} for “{Mrkdwn.Escape(hits.CorrectedQuery ?? query)}”").Add(blocks).Build());
    }
}
