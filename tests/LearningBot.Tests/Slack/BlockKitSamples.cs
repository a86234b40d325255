using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Slack;

/// <summary>One valid instance of every Block Kit type, for the structural tests.</summary>
internal static class BlockKitSamples
{
    public static readonly Option First = Option.Plain("First", "1");
    public static readonly Option Second = Option.Plain("Second", "2");

    public static readonly ConfirmationDialog Confirm = new(
        new PlainText("Sure?"), new MrkdwnText("This *cannot* be undone."), new PlainText("Yes"), new PlainText("No"));

    public static readonly IReadOnlyList<IBlockKitObject> All =
    [
        new PlainText("plain"),
        new MrkdwnText("*mrkdwn*"),
        new HeaderBlock(new PlainText("Header")),
        new SectionBlock(new MrkdwnText("Section")),
        new ContextBlock([new MrkdwnText("context")]),
        new DividerBlock(),
        new ImageBlock("https://example.com/a.png", "An image"),
        new VideoBlock("A video", new PlainText("Video"), "https://example.com/thumb.png", "https://videos.example.com/embed/1"),
        new ActionsBlock([new ButtonElement(new PlainText("Go"), "go")]),
        new InputBlock(new PlainText("Name"), new PlainTextInputElement("name")),
        new ButtonElement(new PlainText("Button"), "button"),
        new CheckboxesElement("checks", [First, Second]),
        new RadioButtonsElement("radio", [First, Second]),
        new StaticSelectElement("select") { Options = [First, Second] },
        new OverflowElement("more", [First, Second]),
        new PlainTextInputElement("input"),
        new ImageElement("https://example.com/icon.png", "An icon"),
        new ModalView(new PlainText("Modal"), [new DividerBlock()]),
        new HomeView([new DividerBlock()]),
    ];
}
