using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Slack;

public sealed class MrkdwnTests
{
    [Theory]
    [InlineData("plain *bold* _it_", "plain *bold* _it_")]
    [InlineData("A & B <C> \"q\"", "A &amp; B &lt;C&gt; \"q\"")]
    [InlineData("&amp;", "&amp;amp;")]
    public void Escape_changes_only_ampersand_and_angle_brackets(string input, string expected)
    {
        Assert.Equal(expected, Mrkdwn.Escape(input));
    }
}
