using LearningBot.Content;

namespace LearningBot.Tests.Content;

public sealed class MarkdownToMrkdwnTests
{
    [Theory]
    [InlineData("**bold** and __also bold__", "*bold* and *also bold*")]
    [InlineData("*italic* and _also italic_", "_italic_ and _also italic_")]
    [InlineData("~~gone~~", "~gone~")]
    [InlineData("***both***", "_*both*_")]
    [InlineData("[the docs](https://example.com/a?b=1&c=2)", "<https://example.com/a?b=1&amp;c=2|the docs>")]
    [InlineData("<https://example.com>", "<https://example.com|https://example.com>")]
    [InlineData("[relative](docs/page.md)", "relative")]
    [InlineData("`a < b`", "`a &lt; b`")]
    [InlineData("Fish & chips <3 > salad", "Fish &amp; chips &lt;3 &gt; salad")]
    [InlineData("&amp; stays an ampersand", "&amp; stays an ampersand")]
    [InlineData("# Heading", "*Heading*")]
    [InlineData("## A **bold** heading", "*A bold heading*")]
    [InlineData("one\ntwo", "one two")]
    [InlineData("one  \ntwo", "one\ntwo")]
    public void Inline_markdown_becomes_slack_mrkdwn(string markdown, string expected)
    {
        Assert.Equal(expected, MarkdownToMrkdwn.Convert(markdown));
    }

    [Fact]
    public void Lists_keep_their_markers_and_nesting()
    {
        const string markdown = """
            - first
            - second
              - nested

            3. three
            4. four
            """;

        Assert.Equal("• first\n• second\n  • nested\n\n3. three\n4. four", MarkdownToMrkdwn.Convert(markdown));
    }

    [Fact]
    public void Code_blocks_are_fenced_and_escaped_like_any_other_text()
    {
        Assert.Equal("```\nif (a &lt; b &amp;&amp; c)\n  go();\n```", MarkdownToMrkdwn.Convert("```csharp\nif (a < b && c)\n  go();\n```"));
        Assert.Equal("```\nindented\n```", MarkdownToMrkdwn.Convert("    indented"));
    }

    [Fact]
    public void Block_quotes_prefix_every_line()
    {
        Assert.Equal("> *Say* this\n> \n> and this", MarkdownToMrkdwn.Convert("> **Say** this\n>\n> and this"));
    }

    [Fact]
    public void Paragraphs_are_separated_by_a_blank_line()
    {
        Assert.Equal("*Title*\n\nFirst.\n\nSecond.", MarkdownToMrkdwn.Convert("# Title\n\nFirst.\n\nSecond."));
    }

    [Fact]
    public void Tables_degrade_to_plain_lines()
    {
        Assert.Equal("Deal | Spiff\nContoso | $1,500", MarkdownToMrkdwn.Convert("| Deal | Spiff |\n| --- | --- |\n| **Contoso** | $1,500 |"));
    }

    [Fact]
    public void Html_degrades_to_its_escaped_text()
    {
        Assert.Equal("Hello &amp; welcome", MarkdownToMrkdwn.Convert("<div>\n<p>Hello &amp; welcome</p>\n</div>"));
        Assert.Equal("a bold word", MarkdownToMrkdwn.Convert("a <b>bold</b> word"));
    }

    [Fact]
    public void Images_in_the_body_degrade_to_their_alt_text()
    {
        Assert.Equal("See Architecture &amp; flow here", MarkdownToMrkdwn.Convert("See ![Architecture & flow](https://example.com/a.png) here"));
    }

    [Fact]
    public void Every_seed_lesson_converts_without_markdown_syntax_left_over()
    {
        var seeds = SeedDirectory.Find(null, [AppContext.BaseDirectory])!;
        var library = ContentLoader.Load(seeds, 7m);

        foreach (var lesson in library.Lessons)
        {
            var mrkdwn = MarkdownToMrkdwn.Convert(lesson.BodyMarkdown);
            Assert.DoesNotContain("**", mrkdwn, StringComparison.Ordinal);
            Assert.DoesNotContain("## ", mrkdwn, StringComparison.Ordinal);
        }
    }
}
