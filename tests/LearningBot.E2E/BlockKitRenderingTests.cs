using System.Text.Json.Nodes;
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
        await slack.PostMessageAsync(new PostMessageRequest(dm, "Block Kit gallery", (JsonArray)JsonNode.Parse(Gallery)!), Cancel);
        await slack.PostEphemeralAsync(dm, Maya, "Only Maya sees this", null, null, Cancel);

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

    private const string Gallery = """
        [
          {"type":"header","text":{"type":"plain_text","text":"Everything at once"}},
          {"type":"section","text":{"type":"mrkdwn","text":"*Bold*, _italic_, ~struck~, `code` and <https://example.com/docs|the docs>"},
           "fields":[{"type":"mrkdwn","text":"*Partner*\nNorthwind"},{"type":"mrkdwn","text":"*Minutes*\n3"}],
           "accessory":{"type":"button","text":{"type":"plain_text","text":"Open"},"action_id":"gallery-open","value":"1"}},
          {"type":"section","text":{"type":"mrkdwn","text":"With a picture"},"accessory":{"type":"image","image_url":"https://images.example.com/a.png","alt_text":"a diagram"}},
          {"type":"context","elements":[{"type":"image","image_url":"https://images.example.com/b.png","alt_text":"icon"},{"type":"mrkdwn","text":"3 min · Before Contoso"}]},
          {"type":"image","image_url":"https://images.example.com/c.png","alt_text":"the architecture","title":{"type":"plain_text","text":"The picture"}},
          {"type":"video","title":{"type":"plain_text","text":"Two minutes on billing"},"video_url":"https://videos.example.com/embed/1",
           "thumbnail_url":"https://videos.example.com/thumb/1.jpg","alt_text":"a short video","author_name":"Tessera","provider_name":"Example"},
          {"type":"divider"},
          {"type":"actions","block_id":"choices","elements":[
            {"type":"checkboxes","action_id":"gallery-checks","options":[{"text":{"type":"plain_text","text":"One"},"value":"1"},{"text":{"type":"plain_text","text":"Two"},"value":"2"}],
             "initial_options":[{"text":{"type":"plain_text","text":"One"},"value":"1"}]},
            {"type":"radio_buttons","action_id":"gallery-radio","options":[{"text":{"type":"plain_text","text":"Yes"},"value":"y"},{"text":{"type":"plain_text","text":"No"},"value":"n"}]},
            {"type":"static_select","action_id":"gallery-select","placeholder":{"type":"plain_text","text":"Pick"},
             "options":[{"text":{"type":"plain_text","text":"A"},"value":"a"},{"text":{"type":"plain_text","text":"B"},"value":"b"}]}
          ]},
          {"type":"actions","elements":[
            {"type":"button","text":{"type":"plain_text","text":"Go"},"action_id":"gallery-go","style":"primary"},
            {"type":"button","text":{"type":"plain_text","text":"Stop"},"action_id":"gallery-stop","style":"danger"}
          ]}
        ]
        """;
}
