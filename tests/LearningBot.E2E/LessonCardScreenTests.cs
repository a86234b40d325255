using System.Globalization;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>
/// The ten-second card, measured in the sandbox as a seller sees it: everything before the quiz (why now, title, objective, key
/// points, the button to the whole lesson, the media) fits in 600 px of a 1400×900 window, and the body opens in a modal.
/// </summary>
public sealed class LessonCardScreenTests(SandboxBot bot) : BrowserTest, IClassFixture<SandboxBot>
{
    /// <summary>Maya Chen: her Contoso discovery call brings "What Northwind Data does", a two-question quiz.</summary>
    private const string Maya = "U0SELLER1";
    private const int FirstScreen = 600;

    [Fact]
    public async Task The_first_screen_of_a_lesson_card_with_a_two_question_quiz_fits_in_600_pixels_and_the_whole_lesson_opens_in_a_modal()
    {
        var page = await Browser.OpenAsync(bot.PageFor(Maya), width: 1400, height: 900);
        var cards = page.Locator("#conversation [data-testid=message][data-from=app]")
            .Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }) });
        for (var jump = 0; jump < 6 && await cards.CountAsync() == 0; jump++)
        {
            await page.GetByTestId("jump-lesson").ClickAsync();
            await Assertions.Expect(page.GetByTestId("jump-lesson")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await page.WaitForTimeoutAsync(1500);
        }
        var card = cards.First;
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(card.Locator("[data-block-type=context]").First).ToContainTextAsync("Before ");
        Assert.Equal(2, await card.Locator(".radio-buttons, .checkboxes").CountAsync() + await card.Locator("[data-block-type=section]:has(select.static-select)").CountAsync());
        await Assertions.Expect(card).ToContainTextAsync("After this you can:");
        await Assertions.Expect(card).ToContainTextAsync("•");

        await card.EvaluateAsync("card => card.scrollIntoView({ block: 'start' })");
        var box = (await card.BoundingBoxAsync())!;
        var quiz = (await card.Locator("hr.divider").First.BoundingBoxAsync())!;
        var firstScreen = quiz.Y - box.Y;
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"first screen {firstScreen:0} px (card {box.Height:0} px in all)"));
        await SandboxBrowser.ScreenshotAsync(page, "12-lesson-card-first-screen");
        await SandboxBrowser.ElementScreenshotAsync(card, "12-lesson-card");
        Assert.InRange(firstScreen, 100, FirstScreen);

        await card.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Read the whole lesson \(\d+ min\)$") }).ClickAsync();
        var modal = page.GetByTestId("modal");
        await Assertions.Expect(modal).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(modal.Locator("[data-block-type=header]")).ToHaveTextAsync(await card.Locator("[data-block-type=header]").InnerTextAsync());
        await Assertions.Expect(modal).ToContainTextAsync("Northwind");
        await SandboxBrowser.ScreenshotAsync(page, "13-whole-lesson-modal");
    }
}
