using LearningBot.Learn;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Learn;

public sealed class PartnerReplyTests
{
    private static List<LearnQueries.PartnerLesson> Lessons(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new LearnQueries.PartnerLesson("Northwind", $"northwind-{i:00}", $"Lesson {i}", "explain", null, null))];

    [Fact]
    public void A_partner_with_more_lessons_than_fit_lists_the_first_ones_each_in_its_own_section_and_says_how_many_more()
    {
        var reply = LearnCommand.PartnerReply("northwind", Lessons(LearnCommand.PartnerLessonsShown + 25));
        var blocks = reply.Message.Blocks;

        BlockKitValidator.Validate(reply.Message);
        Assert.True(blocks.Count <= BlockKitLimits.MessageMaxBlocks);
        Assert.Equal(LearnCommand.PartnerLessonsShown, blocks.OfType<SectionBlock>().Count(b => b.Accessory is ButtonElement));
        var more = Assert.IsType<MrkdwnText>(blocks.OfType<ContextBlock>().First().Elements[0]);
        Assert.StartsWith("and 25 more lessons", more.Text, StringComparison.Ordinal);
        Assert.Equal($"Northwind: {LearnCommand.PartnerLessonsShown + 25} lessons", reply.Text);
    }

    [Fact]
    public void A_partner_whose_lessons_all_fit_has_no_more_line()
    {
        var reply = LearnCommand.PartnerReply("northwind", Lessons(3));

        Assert.Equal(3, reply.Message.Blocks.OfType<SectionBlock>().Count(b => b.Accessory is ButtonElement));
        Assert.DoesNotContain(reply.Message.Blocks.OfType<ContextBlock>(), c => c.Elements[0] is MrkdwnText { Text: var text } && text.StartsWith("and ", StringComparison.Ordinal));
    }
}
