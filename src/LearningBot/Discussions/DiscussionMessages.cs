using System.Text.RegularExpressions;
using LearningBot.Infrastructure;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Discussions;

/// <summary>What the bot writes into partner channels: the lesson that opens a thread, the question in it, take-aways, and thread sizes.</summary>
internal static partial class DiscussionMessages
{
    public const string MetadataEventType = "learningbot_discussion";
    public const string Question = "Where has this come up in your deals? Reply in this thread: what you share stays with the lesson and helps others find it.";

    /// <summary>The thread's opening post: title, objective, a one-line summary, the thread's question and who started the discussion.</summary>
    public static SlackMessage LessonPost(LessonToDiscuss lesson, string startedBy)
    {
        var context = $"Discussion started by {Mrkdwn.User(startedBy)}";
        if (lesson.PartnerName is { Length: > 0 } partner)
            context += $" · {Mrkdwn.Escape(partner)}";
        var blocks = new List<Block>
        {
            new HeaderBlock(TextObject.Plain(Mrkdwn.TruncatePlainText(lesson.Title, BlockKitLimits.HeaderTextMaxLength))),
            new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"*After this you can:* {Mrkdwn.Escape(lesson.Objective)}", BlockKitLimits.SectionTextMaxLength))),
        };
        if (OneLine(lesson.BodyMarkdown) is { Length: > 0 } summary)
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Escape(summary))));
        // The question is part of the post, not a reply of ours, so Slack's "N replies" counts what people wrote, as we do.
        blocks.Add(new SectionBlock(TextObject.Markdown($":speech_balloon: {Question}")));
        blocks.Add(new ContextBlock([TextObject.Markdown(context)]));
        return new MessageBuilder($"Let's discuss: {lesson.Title}").Add(blocks).Build();
    }

    public static string Takeaway(string author, string text) =>
        Mrkdwn.Truncate($":bulb: {Mrkdwn.User(author)}'s take-away: {Mrkdwn.Escape(text.Trim())}", 4000);

    /// <summary>What to tell the seller when there is no thread to take them to; null when there is one.</summary>
    public static string? Problem(ThreadOutcome outcome) => outcome switch
    {
        ThreadOutcome.NoPartnerChannel => "This lesson has no partner channel to discuss it in.",
        ThreadOutcome.ChannelNotFound missing =>
            $"I can't find the channel {Mrkdwn.Escape(missing.Setting)}. If it is private, invite me there with `/invite @LearningBot`; "
            + "otherwise ask whoever maintains the partner files to fix its name.",
        ThreadOutcome.CannotPost cannot =>
            $"I can't post in {Mrkdwn.Channel(cannot.ChannelId)} ({Mrkdwn.Escape(cannot.Error)}). Invite me there with `/invite @LearningBot`, then try again.",
        _ => null,
    };

    /// <summary>A link to the thread, or the channel when Slack gave no permalink.</summary>
    public static string ThreadLink(DiscussionThread thread, string label) =>
        thread.Permalink is { } permalink ? Mrkdwn.Link(permalink, label) : Mrkdwn.Channel(thread.ChannelId);

    /// <summary>"5 replies in #partner-northwind", as mrkdwn with a channel link; the count is <see cref="DiscussionStore.SizesAsync"/>'s.</summary>
    public static string Size(ThreadSize size) => size.Replies == 0
        ? $"no replies yet in {Mrkdwn.Channel(size.ChannelId)}"
        : $"{Plural.Count(size.Replies, "reply", "replies")} in {Mrkdwn.Channel(size.ChannelId)}";

    /// <summary>The body's first sentence as plain text: headings, images and Markdown marks left out, at most 200 characters.</summary>
    public static string OneLine(string bodyMarkdown)
    {
        var paragraph = string.Join(' ', bodyMarkdown.ReplaceLineEndings("\n").Split("\n\n")
            .Select(p => p.Trim())
            .FirstOrDefault(p => p.Length > 0 && !p.StartsWith('#') && !p.StartsWith("![", StringComparison.Ordinal) && !p.StartsWith('|'))?
            .Split('\n').Select(line => line.Trim().TrimStart('>', '-', '*', ' ')) ?? []);
        var plain = Emphasis().Replace(Links().Replace(paragraph, "$1"), "").Trim();
        var end = SentenceEnd().Match(plain);
        return Mrkdwn.TruncatePlainText(end.Success ? plain[..(end.Index + 1)] : plain, 200);
    }

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Links();

    [GeneratedRegex(@"\*\*|__|`|(?<!\w)[*_]|[*_](?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"[.!?](?=\s|$)")]
    private static partial Regex SentenceEnd();
}
