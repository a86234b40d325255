using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;

namespace LearningBot.Learn;

/// <summary>A /learn answer of one paragraph: the mrkdwn as the fallback text and as one section.</summary>
internal static class LearnReplies
{
    public static SlackReply Text(string mrkdwn) => new(Message(mrkdwn));

    public static SlackMessage Message(string mrkdwn) =>
        new MessageBuilder(mrkdwn).Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(mrkdwn, BlockKitLimits.SectionTextMaxLength)))).Build();
}
