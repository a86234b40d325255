using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>Every block and element the bot can send, posted through the bot's own Slack client, as the sandbox page draws it.</summary>
public sealed class BlockKitRenderingTests(PostgresServer server) : IAsyncLifetime
{
    private const string Maya = "U0SELLER1";

    private BotHost? _sandbox;
    private SandboxBrowser? _browser;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await BotHost.StartAsync(await server.CreateDatabaseAsync(), [new("Sandbox:StartAt", SandboxBot.StartAt.ToString("O"))], sandbox: true);
        _browser = await SandboxBrowser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Every_block_kind_renders_and_the_video_thumbnail_turns_into_a_player()
    {
        var slack = _sandbox!.Services.GetRequiredService<ISlackApi>();
        var dm = await slack.OpenConversationAsync([Maya], Cancel);
        await slack.PostMessageAsync(new PostMessageRequest(dm, Gallery()), Cancel);
        await slack.PostEphemeralAsync(dm, Maya, MessageBuilder.TextOnly("Only Maya sees this"), null, Cancel);

        var page = await _browser!.OpenAsync(new Uri(_sandbox.Address, $"/sandbox?as={Maya}"));
        var message = page.Locator("[data-testid=message][data-from=app]").First;
        await Expect(message.Locator("[data-block-type=header]")).ToHaveTextAsync("Everything at once");
        await Expect(message.Locator(".fields > div")).ToHaveCountAsync(2);
        await Expect(message.Locator(".fields b").First).ToHaveTextAsync("Partner");
        await Expect(message.Locator(".accessory button")).ToHaveTextAsync("Open");
        await Expect(message.Locator("[data-block-type=context]")).ToContainTextAsync("3 min");
        await Expect(message.Locator("[data-block-type=image] .image-title")).ToHaveTextAsync("The picture");
        await Expect(message.Locator("hr.divider")).ToHaveCountAsync(1);
        await Expect(message.Locator(".checkboxes input")).ToHaveCountAsync(2);
        await Expect(message.Locator(".checkboxes input").First).ToBeCheckedAsync();
        await Expect(message.Locator(".radio-buttons input")).ToHaveCountAsync(2);
        await Expect(message.Locator("select.static-select").First.Locator("option")).ToHaveCountAsync(3);
        await Expect(message.Locator(".btn.primary")).ToHaveTextAsync("Go");
        await Expect(message.Locator(".btn.danger")).ToHaveTextAsync("Stop");
        await Expect(message.Locator("a[href='https://example.com/docs']")).ToHaveTextAsync("the docs");
        await Expect(page.Locator("[data-testid=message]", new() { HasText = "Only visible to you" })).ToContainTextAsync("Only Maya sees this");
        await SandboxBrowser.ScreenshotAsync(page, "11-block-kit-gallery");

        await message.GetByTestId("video-thumbnail").ClickAsync();
        await Expect(message.Locator("[data-block-type=video] iframe")).ToHaveAttributeAsync("src", "https://videos.example.com/embed/1");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static SlackMessage Gallery()
    {
        Option Choice(string text, string value) => Option.Plain(text, value);
        var one = Choice("One", "1");
        return new MessageBuilder("Block Kit gallery").Add(
            new HeaderBlock(TextObject.Plain("Everything at once")),
            new SectionBlock(TextObject.Markdown("*Bold*, _italic_, ~struck~, `code` and <https://example.com/docs|the docs>"))
            {
                Fields = [TextObject.Markdown("*Partner*\nNorthwind"), TextObject.Markdown("*Minutes*\n3")],
                Accessory = new ButtonElement(TextObject.Plain("Open"), "gallery-open") { Value = "1" },
            },
            new SectionBlock(TextObject.Markdown("With a picture")) { Accessory = new ImageElement("https://images.example.com/a.png", "a diagram") },
            new ContextBlock([new ImageElement("https://images.example.com/b.png", "icon"), TextObject.Markdown("3 min · Before Contoso")]),
            new ImageBlock("https://images.example.com/c.png", "the architecture") { Title = TextObject.Plain("The picture") },
            new VideoBlock("a short video", TextObject.Plain("Two minutes on billing"), "https://videos.example.com/thumb/1.jpg", "https://videos.example.com/embed/1")
            {
                AuthorName = "Tessera",
                ProviderName = "Example",
            },
            new DividerBlock(),
            new ActionsBlock(
            [
                new CheckboxesElement("gallery-checks", [one, Choice("Two", "2")]) { InitialOptions = [one] },
                new RadioButtonsElement("gallery-radio", [Choice("Yes", "y"), Choice("No", "n")]),
                new StaticSelectElement("gallery-select") { Placeholder = TextObject.Plain("Pick"), Options = [Choice("A", "a"), Choice("B", "b")] },
            ]) { BlockId = "choices" },
            new ActionsBlock(
            [
                new ButtonElement(TextObject.Plain("Go"), "gallery-go") { Style = ButtonStyle.Primary },
                new ButtonElement(TextObject.Plain("Stop"), "gallery-stop") { Style = ButtonStyle.Danger },
            ]))
            .Build();
    }
}
