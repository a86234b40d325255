using System.Globalization;
using System.Text;
using LearningBot.Infrastructure;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Discussions;

/// <summary>The weekly digest as one channel message: most discussed lessons, the most missed question with its answer, new lessons.</summary>
internal static class DigestMessage
{
    public const string MetadataEventType = "learningbot_digest";

    public static SlackMessage Render(DigestChannel channel, DigestContent content)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(TextObject.Plain(Mrkdwn.TruncatePlainText($"This week with {channel.PartnerNames}", BlockKitLimits.HeaderTextMaxLength))),
        };
        if (content.MostDiscussed.Count > 0)
        {
            var lines = new StringBuilder("*Most discussed*");
            foreach (var lesson in content.MostDiscussed)
            {
                var title = lesson.Permalink is { } link ? Mrkdwn.Link(link, lesson.Title) : Mrkdwn.Escape(lesson.Title);
                lines.Append(CultureInfo.InvariantCulture, $"\n• {title}: {Plural.Count(lesson.Replies, "reply", "replies")}");
            }
            blocks.Add(Section(lines.ToString()));
        }
        if (content.MostMissed is { } missed)
        {
            blocks.Add(Section($"*Most missed question* ({missed.Missed} of {missed.Answered} answers missed it)\n"
                + $"“{Mrkdwn.Escape(missed.Prompt)}” in _{Mrkdwn.Escape(missed.LessonTitle)}_\n"
                + $"Right answer: *{Mrkdwn.Escape(missed.RightAnswer())}*"));
        }
        if (content.NewLessons.Count > 0)
            blocks.Add(Section("*New lessons*" + string.Concat(content.NewLessons.Select(l => $"\n• {Mrkdwn.Escape(l.Title)}"))));
        blocks.Add(new ContextBlock([TextObject.Markdown("Press *Discuss* on a lesson card to talk it through here; `/learn &lt;words&gt;` finds any lesson again.")]));
        return new MessageBuilder($"This week with {channel.PartnerNames}").Add(blocks).Build();
    }

    private static SectionBlock Section(string mrkdwn) => new(TextObject.Markdown(Mrkdwn.Truncate(mrkdwn, BlockKitLimits.SectionTextMaxLength)));
}
