using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>
/// A quick check as a seller meets it in the sandbox: a lesson is answered, the clock moves on until FSRS brings one of
/// its questions back as a one-question card, and Submit grades it in place with the way back to the lesson.
/// </summary>
public sealed class QuickCheckScreenTests(SandboxBot bot) : BrowserTest, IClassFixture<SandboxBot>
{
    /// <summary>Tom Okafor: his Litware and Adatum meetings bring Harborlight and Tessera lessons.</summary>
    private const string Tom = "U0SELLER2";

    [Fact]
    public async Task A_question_from_an_answered_lesson_comes_back_as_a_one_question_quick_check_graded_in_place()
    {
        var page = await Browser.OpenAsync(bot.PageFor(Tom), width: 1400, height: 900);
        var app = page.Locator("#conversation [data-testid=message][data-from=app]");
        var lessons = app.Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }) })
            .Filter(new() { Has = page.Locator("[data-block-type=header]") });
        await JumpUntilAsync(page, lessons);
        var lesson = lessons.First;
        var ts = await lesson.GetAttributeAsync("data-ts");
        await SandboxScenarioTests.AnswerQuizAsync(lesson);
        await lesson.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(app.And(page.Locator($"[data-ts='{ts}']"))).ToContainTextAsync(" right", new() { Timeout = 30_000 });

        var checks = app.Filter(new() { HasText = "Quick check" })
            .Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }) });
        await JumpUntilAsync(page, checks, jumps: 12);
        var check = checks.First;
        await check.ScrollIntoViewIfNeededAsync();
        Assert.Equal(1, await check.Locator(".radio-buttons, .checkboxes").CountAsync()
            + (await check.Locator("select.static-select").CountAsync() > 0 ? 1 : 0));
        await SandboxBrowser.ElementScreenshotAsync(check, "20-quick-check");

        await SandboxScenarioTests.AnswerQuizAsync(check);
        var checkTs = await check.GetAttributeAsync("data-ts");
        await check.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var graded = app.And(page.Locator($"[data-ts='{checkTs}']"));
        await Assertions.Expect(graded.GetByRole(AriaRole.Button, new() { Name = "Re-read the lesson" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SandboxBrowser.ElementScreenshotAsync(graded, "21-quick-check-graded");

        await graded.GetByRole(AriaRole.Button, new() { Name = "Re-read the lesson" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("modal")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Presses "Next planned lesson" (which also reaches quick checks) until a matching message is there.</summary>
    private static async Task JumpUntilAsync(IPage page, ILocator wanted, int jumps = 6)
    {
        for (var jump = 0; jump < jumps && await wanted.CountAsync() == 0; jump++)
        {
            await page.GetByTestId("jump-lesson").ClickAsync();
            await Assertions.Expect(page.GetByTestId("jump-lesson")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await page.WaitForTimeoutAsync(1500);
        }
        await Assertions.Expect(wanted.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }
}
