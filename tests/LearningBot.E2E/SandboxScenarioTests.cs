using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>A seller uses the bot through the sandbox page in a real browser, the way a newcomer would try it.</summary>
public sealed partial class SandboxScenarioTests(SandboxBot bot) : BrowserTest, IClassFixture<SandboxBot>
{
    /// <summary>Maya Chen from the demo roster: her Tuesday discovery call with Contoso brings a Northwind lesson.</summary>
    private const string Maya = "U0SELLER1";

    [Fact]
    public async Task A_seller_gets_a_meeting_lesson_answers_its_quiz_and_starts_another_from_search()
    {
        var page = await Browser.OpenAsync(bot.PageFor(Maya));
        await Expect(page.GetByTestId("who")).ToHaveValueAsync(Maya);
        await Expect(page.GetByTestId("conversation-title")).ToHaveTextAsync("LearningBot");
        await SandboxBrowser.ScreenshotAsync(page, "01-sandbox-opened-as-maya");

        var card = await JumpUntilLessonArrivesAsync(page);
        await Expect(card.Locator("[data-block-type=context]").First).ToContainTextAsync("Before ");
        await SandboxBrowser.ScreenshotAsync(page, "02-meeting-lesson-arrived");

        await AnswerQuizAsync(card);
        await SandboxBrowser.ScreenshotAsync(page, "03-quiz-answered");
        await card.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(card).ToContainTextAsync(ScoreText(), new() { Timeout = 30_000 });
        await SandboxBrowser.ScreenshotAsync(page, "04-score-in-place");

        await SayAsync(page, "/learn usage billing");
        var results = AppMessages(page).Filter(new() { HasText = "Only visible to you" }).Last;
        await Expect(results).ToContainTextAsync("Lessons for", new() { Timeout = 30_000 });
        await SandboxBrowser.ScreenshotAsync(page, "05-search-results");

        var firstHit = results.Locator("[data-block-type=section]", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Start" }) }).First;
        var title = await firstHit.Locator("b").First.InnerTextAsync();
        await firstHit.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        var started = AppMessages(page).Filter(new() { HasNot = page.Locator(".ephemeral-note") })
            .Filter(new() { Has = page.Locator("[data-block-type=header]", new() { HasText = title }) });
        await Expect(started).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await started.ScrollIntoViewIfNeededAsync();
        await SandboxBrowser.ScreenshotAsync(page, "06-lesson-started-from-search");
    }

    [Fact]
    public async Task The_app_home_shows_the_sellers_progress()
    {
        var page = await Browser.OpenAsync(bot.PageFor("U0SELLER2"));
        await page.GetByTestId("nav-home").ClickAsync();
        await Expect(page.GetByTestId("home")).ToContainTextAsync("Your partner lessons", new() { Timeout = 30_000 });
        await SandboxBrowser.ScreenshotAsync(page, "07-app-home");
    }

    [Fact]
    public async Task The_settings_modal_opens_and_shows_errors_under_its_fields()
    {
        var page = await Browser.OpenAsync(bot.PageFor("U0SELLER3"));
        await SayAsync(page, "/learn settings");
        var modal = page.GetByTestId("modal");
        await Expect(modal).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SandboxBrowser.ScreenshotAsync(page, "08-settings-modal");

        var days = modal.Locator(".block.input", new() { HasText = "Monday" }).Locator("input:checked");
        while (await days.CountAsync() > 0)
            await days.First.UncheckAsync();
        await page.GetByTestId("modal-submit").ClickAsync();
        await Expect(modal.Locator(".error").Filter(new() { HasTextRegex = Anything() }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SandboxBrowser.ScreenshotAsync(page, "09-settings-errors");
    }

    [Fact]
    public async Task Discuss_opens_a_thread_about_the_lesson_in_the_partner_channel()
    {
        var page = await Browser.OpenAsync(bot.PageFor("U0SELLER4"));
        var card = await JumpUntilLessonArrivesAsync(page);
        await card.GetByRole(AriaRole.Button, new() { Name = "Discuss", Exact = true }).ClickAsync();

        // The lesson's partner channel is the one that now shows unread messages.
        var channel = page.Locator("nav a", new() { HasTextRegex = PartnerChannelWithUnread() }).First;
        await Expect(channel).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await channel.ClickAsync();
        // The lesson post asks its question itself, so its thread may have no replies yet: open it either way
        // ("Reply in thread" shows when the pointer is over the message, as in Slack).
        var post = AppMessages(page).Last;
        await Expect(post).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await post.HoverAsync();
        await post.GetByTestId("thread-link").Or(post.GetByTestId("reply-in-thread")).First.ClickAsync();
        await Expect(page.GetByTestId("thread")).ToBeVisibleAsync();
        await SandboxBrowser.ScreenshotAsync(page, "10-discussion-thread");
    }

    /// <summary>Presses "Next planned lesson" until a lesson card is in the DM.</summary>
    private static async Task<ILocator> JumpUntilLessonArrivesAsync(IPage page)
    {
        var cards = AppMessages(page).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }) });
        for (var jump = 0; jump < 6 && await cards.CountAsync() == 0; jump++)
        {
            await page.GetByTestId("jump-lesson").ClickAsync();
            await Expect(page.GetByTestId("jump-lesson")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await page.WaitForTimeoutAsync(1500);
        }
        await Expect(cards.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // Pinned by its timestamp: once graded the card has no Submit button, but it is the same message.
        var ts = await cards.First.GetAttributeAsync("data-ts");
        return AppMessages(page).And(page.Locator($"[data-ts='{ts}']"));
    }

    /// <summary>Picks the first choice of each single-choice question and as many as asked of each "pick exactly N".</summary>
    internal static async Task AnswerQuizAsync(ILocator card)
    {
        var radios = card.Locator(".radio-buttons");
        for (var i = 0; i < await radios.CountAsync(); i++)
            await radios.Nth(i).Locator("input").First.CheckAsync();
        var sections = card.Locator("[data-block-type=section]");
        var picks = new Queue<int>();
        for (var i = 0; i < await sections.CountAsync(); i++)
        {
            if (PickCount().Match(await sections.Nth(i).InnerTextAsync()) is { Success: true } match)
                picks.Enqueue(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        var checkboxes = card.Locator(".checkboxes");
        for (var i = 0; i < await checkboxes.CountAsync(); i++)
        {
            var wanted = picks.Count > 0 ? picks.Dequeue() : 1;
            for (var option = 0; option < wanted; option++)
                await checkboxes.Nth(i).Locator("input").Nth(option).CheckAsync();
        }
        var selects = card.Locator("select.static-select");
        for (var i = 0; i < await selects.CountAsync(); i++)
            await selects.Nth(i).SelectOptionAsync(new SelectOptionValue { Index = 1 });
    }

    private static async Task SayAsync(IPage page, string text)
    {
        await page.GetByTestId("composer-text").FillAsync(text);
        await page.GetByTestId("composer-text").PressAsync("Enter");
    }

    private static ILocator AppMessages(IPage page) => page.Locator("#conversation [data-testid=message][data-from=app]");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"pick exactly (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex PickCount();

    [GeneratedRegex(@"\d+\s*(/|of|out of)\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex ScoreText();

    [GeneratedRegex(".+")]
    private static partial Regex Anything();

    [GeneratedRegex(@"^\s*#partner-[a-z-]+\s*\d+\s*$")]
    private static partial Regex PartnerChannelWithUnread();
}
