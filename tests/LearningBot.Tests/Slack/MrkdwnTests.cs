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

    [Fact]
    public void Text_within_the_limit_is_returned_unchanged()
    {
        Assert.Equal("short", Mrkdwn.Truncate("short", 5));
    }

    [Fact]
    public void Truncated_text_ends_with_an_ellipsis_and_fits_the_limit()
    {
        var cut = Mrkdwn.Truncate("abcdefghij", 5);

        Assert.Equal("abcd…", cut);
        Assert.Equal(5, cut.Length);
    }

    [Theory]
    [InlineData("Tom &amp; Jerry", 8, "Tom…")]
    [InlineData("Tom &amp; Jerry", 10, "Tom &amp;…")]
    [InlineData("a &lt;b&gt; c", 6, "a…")]
    [InlineData("a &lt;b&gt; c", 7, "a &lt;…")]
    [InlineData("a &lt;b&gt; c", 10, "a &lt;b…")]
    public void Truncation_never_cuts_an_escape_sequence(string input, int max, string expected)
    {
        Assert.Equal(expected, Mrkdwn.Truncate(input, max));
    }

    [Theory]
    [InlineData("Ask <@U123ABC> today", 10, "Ask…")]
    [InlineData("See <https://example.com/guide|the guide> now", 30, "See…")]
    [InlineData("See <https://example.com/guide|the guide> now", 43, "See <https://example.com/guide|the guide>…")]
    public void Truncation_never_cuts_a_mention_or_link(string input, int max, string expected)
    {
        Assert.Equal(expected, Mrkdwn.Truncate(input, max));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair_or_an_emoji_sequence()
    {
        // "ab" + U+1F600 (a surrogate pair) + "cd"; a cut after 3 code units would leave half of the pair.
        var cut = Mrkdwn.Truncate("ab\U0001F600cd", 4);
        Assert.Equal("ab…", cut);

        // A family emoji is several code points joined; it is kept whole or dropped whole.
        var family = "x\U0001F468\u200D\U0001F469\u200D\U0001F467yz";
        Assert.Equal("x…", Mrkdwn.TruncatePlainText(family, 9));
        Assert.Equal(family[..9] + "…", Mrkdwn.Truncate(family, 10));
    }

    [Fact]
    public void Plain_text_truncation_ignores_mrkdwn_sequences()
    {
        Assert.Equal("if a < b an…", Mrkdwn.TruncatePlainText("if a < b and b > c", 12));
    }

    [Fact]
    public void A_limit_too_small_for_the_ellipsis_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mrkdwn.Truncate("abc", 0));
    }

    [Fact]
    public void Mentions_use_slacks_control_sequences()
    {
        Assert.Equal("<@U123ABC>", Mrkdwn.User("U123ABC"));
        Assert.Equal("<@W0ENTERPRISE>", Mrkdwn.User("W0ENTERPRISE"));
        Assert.Equal("<#C024BE7LR>", Mrkdwn.Channel("C024BE7LR"));
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("U123>")]
    [InlineData("<!channel>")]
    public void A_mention_of_something_that_is_not_a_user_id_is_refused(string userId)
    {
        Assert.Throws<ArgumentException>(() => Mrkdwn.User(userId));
    }

    [Fact]
    public void Links_escape_the_label_and_keep_the_url_inside_the_brackets()
    {
        Assert.Equal("<https://example.com/a?x=1&amp;y=2|Q&amp;A &lt;new&gt;>", Mrkdwn.Link("https://example.com/a?x=1&y=2", "Q&A <new>"));
        Assert.Equal("<https://example.com/a%7Cb%20c>", Mrkdwn.Link("https://example.com/a|b c"));
        Assert.Equal("<mailto:ann@example.com|Ann>", Mrkdwn.Link("mailto:ann@example.com", "Ann"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative")]
    public void Links_to_anything_but_http_https_or_mailto_are_refused(string url)
    {
        Assert.Throws<ArgumentException>(() => Mrkdwn.Link(url, "x"));
    }

    [Fact]
    public void Text_escapes_what_goes_into_its_holes_but_never_a_token()
    {
        var title = "Q&A <draft>";
        var at = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

        var text = Mrkdwn.Text($"*{title}* by {Mrkdwn.User("U123ABC")} in {Mrkdwn.Channel("C024BE7LR")}, {3} min, "
            + $"see {Mrkdwn.Link("https://example.com/a?b=1&c=2", "the <docs>")}, back {Mrkdwn.Date(at, "{date_short_pretty} at {time}", "8 Dec <UTC>")}");

        Assert.Equal("*Q&amp;A &lt;draft&gt;* by <@U123ABC> in <#C024BE7LR>, 3 min, see <https://example.com/a?b=1&amp;c=2|the &lt;docs&gt;>, "
            + "back <!date^1796720400^{date_short_pretty} at {time}|8 Dec &lt;UTC&gt;>", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{date}|x")]
    [InlineData("{date}^{time}")]
    [InlineData("{date}>")]
    public void A_date_format_that_would_break_the_token_is_refused(string format)
    {
        Assert.Throws<ArgumentException>(() => Mrkdwn.Date(DateTimeOffset.UnixEpoch, format, "fallback"));
    }
}
