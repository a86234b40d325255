using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Slack;

/// <summary>Every limit fails loudly at build time, naming the limit and the JSON path where it was broken.</summary>
public sealed class BlockKitLimitsTests
{
    private static string Chars(int n) => new('x', n);

    private static Option[] Options(int n) => [.. Enumerable.Range(0, n).Select(i => Option.Plain($"Option {i}", $"v{i}"))];

    private static SlackMessage Message(params Block[] blocks) => new MessageBuilder("fallback").Add(blocks).Build();

    public static TheoryData<string, Func<object>, string, string> Broken() => new()
    {
        { "message text", () => new MessageBuilder(Chars(40_001)).Build(), "BlockKitLimits.MessageTextMaxLength", "text" },
        { "51 blocks", () => new MessageBuilder("t").Add(Enumerable.Range(0, 51).Select(_ => new DividerBlock())).Build(), "BlockKitLimits.MessageMaxBlocks", "blocks" },
        { "101 view blocks", () => new HomeBuilder().Add(Enumerable.Range(0, 101).Select(_ => new DividerBlock())).Build(), "BlockKitLimits.ViewMaxBlocks", "blocks" },
        { "header", () => Message(new DividerBlock(), new HeaderBlock(new PlainText(Chars(151)))), "BlockKitLimits.HeaderTextMaxLength", "blocks[1].text.text" },
        { "section text", () => Message(new SectionBlock(new MrkdwnText(Chars(3001)))), "BlockKitLimits.SectionTextMaxLength", "blocks[0].text.text" },
        { "section fields", () => Message(new SectionBlock { Fields = [.. Enumerable.Range(0, 11).Select(_ => new PlainText("f"))] }), "BlockKitLimits.SectionMaxFields", "blocks[0].fields" },
        { "section field text", () => Message(new SectionBlock { Fields = [new PlainText("ok"), new MrkdwnText(Chars(2001))] }), "BlockKitLimits.SectionFieldTextMaxLength", "blocks[0].fields[1].text" },
        { "empty section", () => Message(new SectionBlock()), "required", "blocks[0]" },
        { "context elements", () => Message(new ContextBlock([.. Enumerable.Range(0, 11).Select(_ => new PlainText("c"))])), "BlockKitLimits.ContextMaxElements", "blocks[0].elements" },
        { "actions elements", () => Message(new ActionsBlock([.. Enumerable.Range(0, 26).Select(i => new ButtonElement(new PlainText("b"), $"a{i}"))])), "BlockKitLimits.ActionsMaxElements", "blocks[0].elements" },
        { "image alt text missing", () => Message(new ImageBlock("https://example.com/a.png", "")), "required", "blocks[0].alt_text" },
        { "image alt text", () => Message(new ImageBlock("https://example.com/a.png", Chars(2001))), "BlockKitLimits.ImageAltTextMaxLength", "blocks[0].alt_text" },
        { "image url", () => Message(new ImageBlock("https://example.com/" + Chars(3000), "alt")), "BlockKitLimits.ImageUrlMaxLength", "blocks[0].image_url" },
        { "video title", () => Message(Video() with { Title = new PlainText(Chars(200)) }), "BlockKitLimits.VideoTitleMaxLength", "blocks[0].title.text" },
        { "video description", () => Message(Video() with { Description = new PlainText(Chars(200)) }), "BlockKitLimits.VideoDescriptionMaxLength", "blocks[0].description.text" },
        { "video author", () => Message(Video() with { AuthorName = Chars(50) }), "BlockKitLimits.VideoAuthorNameMaxLength", "blocks[0].author_name" },
        { "video alt text", () => Message(Video() with { AltText = "" }), "required", "blocks[0].alt_text" },
        { "video thumbnail", () => Message(Video() with { ThumbnailUrl = "" }), "required", "blocks[0].thumbnail_url" },
        { "video over http", () => Message(Video() with { VideoUrl = "http://videos.example.com/embed/1" }), "https URL", "blocks[0].video_url" },
        { "button text", () => Message(new ActionsBlock([new ButtonElement(new PlainText(Chars(76)), "b")])), "BlockKitLimits.ButtonTextMaxLength", "blocks[0].elements[0].text.text" },
        { "button value", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { Value = Chars(2001) }])), "BlockKitLimits.ButtonValueMaxLength", "blocks[0].elements[0].value" },
        { "button accessibility label", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { AccessibilityLabel = Chars(76) }])), "BlockKitLimits.ButtonAccessibilityLabelMaxLength", "blocks[0].elements[0].accessibility_label" },
        { "action id", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), Chars(256))])), "BlockKitLimits.ActionIdMaxLength", "blocks[0].elements[0].action_id" },
        { "missing action id", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "")])), "required", "blocks[0].elements[0].action_id" },
        { "block id", () => Message(new DividerBlock { BlockId = Chars(256) }), "BlockKitLimits.BlockIdMaxLength", "blocks[0].block_id" },
        { "checkbox options", () => Message(new ActionsBlock([new CheckboxesElement("c", Options(11))])), "BlockKitLimits.CheckboxesMaxOptions", "blocks[0].elements[0].options" },
        { "radio options", () => Message(new SectionBlock(new PlainText("q")) { Accessory = new RadioButtonsElement("r", Options(11)) }), "BlockKitLimits.RadioButtonsMaxOptions", "blocks[0].accessory.options" },
        { "no radio options", () => Message(new SectionBlock(new PlainText("q")) { Accessory = new RadioButtonsElement("r", []) }), "required", "blocks[0].accessory.options" },
        { "select options", () => Message(new ActionsBlock([new StaticSelectElement("s") { Options = Options(101) }])), "BlockKitLimits.SelectMaxOptions", "blocks[0].elements[0].options" },
        { "select groups", () => Message(new ActionsBlock([new StaticSelectElement("s") { OptionGroups = [.. Enumerable.Range(0, 101).Select(_ => new OptionGroup(new PlainText("g"), Options(1)))] }])), "BlockKitLimits.SelectMaxOptionGroups", "blocks[0].elements[0].option_groups" },
        { "group label", () => Message(new ActionsBlock([new StaticSelectElement("s") { OptionGroups = [new OptionGroup(new PlainText(Chars(76)), Options(1))] }])), "BlockKitLimits.OptionGroupLabelMaxLength", "blocks[0].elements[0].option_groups[0].label.text" },
        { "select with both", () => Message(new ActionsBlock([new StaticSelectElement("s") { Options = Options(1), OptionGroups = [new OptionGroup(new PlainText("g"), Options(1))] }])), "one of options or option_groups", "blocks[0].elements[0]" },
        { "select placeholder", () => Message(new ActionsBlock([new StaticSelectElement("s") { Options = Options(1), Placeholder = new PlainText(Chars(151)) }])), "BlockKitLimits.PlaceholderMaxLength", "blocks[0].elements[0].placeholder.text" },
        { "select mrkdwn option", () => Message(new ActionsBlock([new StaticSelectElement("s") { Options = [new Option(new MrkdwnText("*m*"), "m")] }])), "plain_text option", "blocks[0].elements[0].options[0].text" },
        { "overflow options", () => Message(new ActionsBlock([new OverflowElement("o", Options(6))])), "BlockKitLimits.OverflowMaxOptions", "blocks[0].elements[0].options" },
        { "option text", () => Message(new ActionsBlock([new CheckboxesElement("c", [Option.Plain(Chars(76), "v")])])), "BlockKitLimits.OptionTextMaxLength", "blocks[0].elements[0].options[0].text.text" },
        { "option value", () => Message(new ActionsBlock([new CheckboxesElement("c", [Option.Plain("t", Chars(76))])])), "BlockKitLimits.OptionValueMaxLength", "blocks[0].elements[0].options[0].value" },
        { "option description", () => Message(new ActionsBlock([new CheckboxesElement("c", [Option.Plain("t", "v") with { Description = new PlainText(Chars(76)) }])])), "BlockKitLimits.OptionDescriptionMaxLength", "blocks[0].elements[0].options[0].description.text" },
        { "option url outside overflow", () => Message(new ActionsBlock([new CheckboxesElement("c", [Option.Plain("t", "v") with { Url = "https://example.com" }])])), "url in overflow options only", "blocks[0].elements[0].options[0].url" },
        { "initial option not an option", () => Message(new ActionsBlock([new RadioButtonsElement("r", Options(2)) { InitialOption = Option.Plain("Other", "x") }])), "initial option among options", "blocks[0].elements[0].initial_option" },
        { "confirm title", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { Confirm = BlockKitSamples.Confirm with { Title = new PlainText(Chars(101)) } }])), "BlockKitLimits.ConfirmTitleMaxLength", "blocks[0].elements[0].confirm.title.text" },
        { "confirm text", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { Confirm = BlockKitSamples.Confirm with { Text = new PlainText(Chars(301)) } }])), "BlockKitLimits.ConfirmTextMaxLength", "blocks[0].elements[0].confirm.text.text" },
        { "confirm button", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { Confirm = BlockKitSamples.Confirm with { Confirm = new PlainText(Chars(31)) } }])), "BlockKitLimits.ConfirmButtonMaxLength", "blocks[0].elements[0].confirm.confirm.text" },
        { "confirm deny", () => Message(new ActionsBlock([new ButtonElement(new PlainText("b"), "b") { Confirm = BlockKitSamples.Confirm with { Deny = new PlainText(Chars(31)) } }])), "BlockKitLimits.ConfirmDenyMaxLength", "blocks[0].elements[0].confirm.deny.text" },
        { "input label", () => new ModalBuilder("m").Submit("ok").Add(new InputBlock(new PlainText(Chars(2001)), new PlainTextInputElement("i"))).Build(), "BlockKitLimits.InputLabelMaxLength", "blocks[0].label.text" },
        { "input hint", () => new ModalBuilder("m").Submit("ok").Add(new InputBlock(new PlainText("l"), new PlainTextInputElement("i")) { Hint = new PlainText(Chars(2001)) }).Build(), "BlockKitLimits.InputHintMaxLength", "blocks[0].hint.text" },
        { "input max length", () => new ModalBuilder("m").Submit("ok").Add(new InputBlock(new PlainText("l"), new PlainTextInputElement("i") { MaxLength = 3001 })).Build(), "BlockKitLimits.PlainTextInputMaxLength", "blocks[0].element.max_length" },
        { "modal title", () => new ModalBuilder(Chars(25)).Add(new DividerBlock()).Build(), "BlockKitLimits.ModalTitleMaxLength", "title.text" },
        { "modal submit", () => new ModalBuilder("m").Submit(Chars(25)).Add(new DividerBlock()).Build(), "BlockKitLimits.ModalSubmitMaxLength", "submit.text" },
        { "modal close", () => new ModalBuilder("m").Close(Chars(25)).Add(new DividerBlock()).Build(), "BlockKitLimits.ModalCloseMaxLength", "close.text" },
        { "modal input without submit", () => new ModalBuilder("m").Add(new InputBlock(new PlainText("l"), new PlainTextInputElement("i"))).Build(), "required", "submit" },
        { "empty modal", () => new ModalBuilder("m").Build(), "required", "blocks" },
        { "private metadata", () => new ModalBuilder("m").PrivateMetadata(Chars(3001)).Add(new DividerBlock()).Build(), "BlockKitLimits.ViewPrivateMetadataMaxLength", "private_metadata" },
        { "callback id", () => new HomeBuilder().CallbackId(Chars(256)).Build(), "BlockKitLimits.ViewCallbackIdMaxLength", "callback_id" },
        { "view size", () => new HomeBuilder().Add(Enumerable.Range(0, 100).Select(_ => new SectionBlock(new PlainText(Chars(2600))))).Build(), "BlockKitLimits.ViewMaxBytes", "view" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_limit_names_the_limit_and_where_it_was_broken(string what, Func<object> build, string limit, string path)
    {
        var error = Assert.Throws<BlockKitException>(build);

        Assert.True(limit == error.Limit && path == error.Path, $"{what}: expected {limit} at {path}, got {error.Message}");
        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(limit, error.Message);
    }

    [Fact]
    public void Values_exactly_at_each_limit_build()
    {
        var message = new MessageBuilder(Chars(40_000))
            .Add(new HeaderBlock(new PlainText(Chars(150))))
            .Add(new SectionBlock(new MrkdwnText(Chars(3000)))
            {
                Fields = [.. Enumerable.Range(0, 10).Select(_ => new PlainText(Chars(2000)))],
                Accessory = new OverflowElement(Chars(255), Options(5)),
                BlockId = Chars(255),
            })
            .Add(new ActionsBlock([.. Enumerable.Range(0, 25).Select(i => new ButtonElement(new PlainText(Chars(75)), $"a{i}") { Value = Chars(2000) })]))
            .Add(new ActionsBlock([new CheckboxesElement("c", Options(10)), new RadioButtonsElement("r", Options(10)), new StaticSelectElement("s") { Options = Options(100) }]))
            .Add(Video() with { Title = new PlainText(Chars(199)), AuthorName = Chars(49) })
            .Add(Enumerable.Range(0, 45).Select(_ => new DividerBlock()))
            .Build();

        Assert.Equal(50, message.Blocks.Count);
    }

    [Fact]
    public void A_block_id_used_twice_in_one_message_is_refused()
    {
        var error = Assert.Throws<BlockKitException>(() =>
            Message(new DividerBlock { BlockId = "q1" }, new SectionBlock(new PlainText("x")) { BlockId = "q1" }));

        Assert.Equal("unique block_id", error.Limit);
        Assert.Equal("blocks[1].block_id", error.Path);
    }

    [Fact]
    public void An_action_id_used_twice_in_one_block_is_refused_but_may_repeat_across_blocks()
    {
        var error = Assert.Throws<BlockKitException>(() =>
            Message(new ActionsBlock([new ButtonElement(new PlainText("a"), "answer"), new ButtonElement(new PlainText("b"), "answer")])));
        Assert.Equal("unique action_id", error.Limit);
        Assert.Equal("blocks[0].elements[1].action_id", error.Path);

        // Slack keys state.values by block_id, then action_id, so one action_id per question block is fine.
        Message(
            new ActionsBlock([new RadioButtonsElement("answer", Options(2))]) { BlockId = "q1" },
            new ActionsBlock([new RadioButtonsElement("answer", Options(2))]) { BlockId = "q2" });
    }

    [Fact]
    public void A_message_needs_fallback_text()
    {
        var error = Assert.Throws<BlockKitException>(() => new MessageBuilder("").Build());

        Assert.Equal("required", error.Limit);
        Assert.Equal("text", error.Path);
    }

    [Fact]
    public void Empty_text_objects_are_refused()
    {
        var error = Assert.Throws<BlockKitException>(() => Message(new SectionBlock(new PlainText(""))));

        Assert.Equal("blocks[0].text.text", error.Path);
    }

    private static VideoBlock Video() =>
        new("A video", new PlainText("Video"), "https://example.com/t.png", "https://videos.example.com/embed/1");
}
