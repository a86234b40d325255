using System.Text.RegularExpressions;
using LearningBot.Learn;

namespace LearningBot.Tests.Learn;

public sealed partial class LearnHelpTests
{
    [Theory]
    [InlineData("next")]
    [InlineData("partner")]
    [InlineData("stats")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("settings")]
    [InlineData("start")]
    [InlineData("help")]
    public void The_help_names_every_verb_of_learn(string verb)
    {
        Assert.Contains($"`/learn {verb}", LearnHelp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_promises_nothing_settings_does_not_have()
    {
        Assert.DoesNotContain("quiet hours", LearnHelp.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Placeholders_in_the_help_are_escaped_so_slack_shows_them_instead_of_reading_a_link()
    {
        Assert.Contains("`/learn &lt;words&gt;`", LearnHelp.Text, StringComparison.Ordinal);
        Assert.Contains("`/learn partner &lt;name&gt;`", LearnHelp.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(RawAngle(), LearnHelp.Text);
    }

    [GeneratedRegex("[<>]")]
    private static partial Regex RawAngle();
}
