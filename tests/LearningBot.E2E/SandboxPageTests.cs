using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>What the sandbox page itself does with the bot's messages: the composer, emoji, permalinks, the Web API panel.</summary>
public sealed class SandboxPageTests(PostgresServer server) : IAsyncLifetime
{
    private const string Maya = "U0SELLER1";
    private const string Token = "xoxb-sandbox-e2e-0001";

    private BotHost? _sandbox;
    private SandboxBrowser? _browser;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ISlackApi Slack => _sandbox!.Services.GetRequiredService<ISlackApi>();

    public async ValueTask InitializeAsync()
    {
        _sandbox = await BotHost.StartAsync(await server.CreateDatabaseAsync(),
            [new("Sandbox:StartAt", SandboxBot.StartAt.ToString("O")), new("Sandbox:BotToken", Token)], sandbox: true);
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
    public async Task On_Home_there_is_no_composer_and_it_comes_back_in_a_conversation()
    {
        var page = await _browser!.OpenAsync(new Uri(_sandbox!.Address, $"/sandbox?as={Maya}"));
        await Expect(page.GetByTestId("composer")).ToBeVisibleAsync();

        await page.GetByTestId("nav-home").ClickAsync();
        await Expect(page.GetByTestId("conversation-title")).ToHaveTextAsync("Home");
        await Expect(page.GetByTestId("composer")).ToBeHiddenAsync();
        await SandboxBrowser.ScreenshotAsync(page, "12-home-without-composer");

        await page.GetByTestId("nav-LearningBot").ClickAsync();
        await Expect(page.GetByTestId("composer")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_emoji_shortcodes_the_bot_writes_show_as_emoji()
    {
        var dm = await Slack.OpenConversationAsync([Maya], Cancel);
        await Slack.PostMessageAsync(new PostMessageRequest(dm, MessageBuilder.TextOnly(":fire: 1-week streak · :bookmark: *Saved for later* · :double_vertical_bar: paused")), Cancel);

        var page = await _browser!.OpenAsync(new Uri(_sandbox!.Address, $"/sandbox?as={Maya}"));
        var message = page.Locator("[data-testid=message][data-from=app]").Last;
        await Expect(message).ToContainTextAsync("🔥 1-week streak · 🔖 Saved for later · ⏸️ paused");
        await Expect(message).Not.ToContainTextAsync(":fire:");
        await SandboxBrowser.ScreenshotAsync(page, "13-emoji");
    }

    [Fact]
    public async Task A_permalink_the_bot_shows_opens_that_thread_in_the_page()
    {
        var channel = (await Slack.ListConversationsAsync("public_channel", null, 100, Cancel)).Items.First(c => c.Name == "partner-northwind").Id;
        await Slack.JoinConversationAsync(channel, Cancel);
        var parent = await Slack.PostMessageAsync(new PostMessageRequest(channel, MessageBuilder.TextOnly("Discuss: What Northwind does")), Cancel);
        await Slack.PostMessageAsync(new PostMessageRequest(channel, MessageBuilder.TextOnly("Where did this come up in your deals?"), ThreadTs: parent.Ts), Cancel);
        var permalink = await Slack.GetPermalinkAsync(channel, parent.Ts, Cancel);
        var dm = await Slack.OpenConversationAsync([Maya], Cancel);
        await Slack.PostMessageAsync(new PostMessageRequest(dm, MessageBuilder.TextOnly($":bulb: Shared in <#{channel}>: <{permalink}|see the thread>. Thank you!")), Cancel);
        Assert.StartsWith(new Uri(_sandbox!.Address, "/sandbox/archives/" + channel + "/p").ToString(), permalink, StringComparison.Ordinal);

        var page = await _browser!.OpenAsync(new Uri(_sandbox.Address, $"/sandbox?as={Maya}"));
        await page.GetByTestId("permalink").ClickAsync();
        await Expect(page.GetByTestId("conversation-title")).ToHaveTextAsync("#partner-northwind");
        await Expect(page.GetByTestId("thread")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("thread")).ToContainTextAsync("Where did this come up in your deals?");
        Assert.Single(page.Context.Pages);
        await SandboxBrowser.ScreenshotAsync(page, "14-permalink-opens-thread");

        var opened = await _browser.OpenAsync(new Uri(permalink + $"?as={Maya}"));
        await Expect(opened.GetByTestId("thread")).ToContainTextAsync("Discuss: What Northwind does");
        await Expect(opened.GetByTestId("conversation-title")).ToHaveTextAsync("#partner-northwind");
    }

    [Fact]
    public async Task The_page_shows_the_Web_API_address_and_bot_token_for_Slacks_SDKs()
    {
        var page = await _browser!.OpenAsync(new Uri(_sandbox!.Address, $"/sandbox?as={Maya}"));
        await page.GetByTestId("web-api").Locator("summary").ClickAsync();

        await Expect(page.GetByTestId("api-token")).ToHaveTextAsync(Token);
        await Expect(page.GetByTestId("api-url")).ToHaveTextAsync(new Uri(_sandbox.Address, "/sandbox/api/").ToString());
        await SandboxBrowser.ScreenshotAsync(page, "15-web-api-panel");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
