using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>
/// The sandbox clock is the whole workspace's: a jump by one seller sends other sellers' lessons too. Its own bot, so the jumps
/// here move no other test's clock.
/// </summary>
public sealed partial class SandboxClockTests(SandboxBot bot) : BrowserTest, IClassFixture<SandboxBot>
{
    private const string Maya = "U0SELLER1";

    [Fact]
    public async Task The_clock_panel_says_the_clock_is_shared_and_counts_the_lessons_of_the_seller_shown_apart_from_the_others()
    {
        var page = await Browser.OpenAsync(bot.PageFor(Maya));
        await Expect(page.GetByTestId("clock-shared")).ToContainTextAsync("One clock for every seller");

        // Maya's second planned lesson comes after other sellers' lessons: that jump sends (or skips) theirs too.
        var touchedOthers = false;
        for (var jump = 1; jump <= 2; jump++)
        {
            var before = await LessonCardsAsync();
            await page.GetByTestId("jump-lesson").ClickAsync();
            await Expect(page.GetByTestId("jump-lesson")).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("clock-note")).ToContainTextAsync("sent to Maya Chen", new() { Timeout = 60_000 });
            var note = await page.GetByTestId("clock-note").InnerTextAsync();
            var after = await LessonCardsAsync();

            var mine = after.GetValueOrDefault(Maya) - before.GetValueOrDefault(Maya);
            var others = after.Where(p => p.Key != Maya).Sum(p => p.Value) - before.Where(p => p.Key != Maya).Sum(p => p.Value);
            Assert.Contains($"{mine} lesson{(mine == 1 ? "" : "s")} sent to Maya Chen", note, StringComparison.Ordinal);
            Assert.Equal(others, Count(OthersSent(), note));
            touchedOthers |= others > 0 || Count(OthersMissed(), note) > 0;
            await SandboxBrowser.ScreenshotAsync(page, $"16-clock-shared-note-jump-{jump}");
        }
        Assert.True(touchedOthers, "a jump as Maya also sent or skipped other sellers' lessons, and the note said so");
    }

    private static int Count(Regex pattern, string note) =>
        pattern.Match(note) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>Lesson cards (the bot's messages with quiz buttons) in each seller's DM.</summary>
    private async Task<Dictionary<string, int>> LessonCardsAsync()
    {
        using var http = new HttpClient { BaseAddress = bot.Address };
        var users = (await http.GetFromJsonAsync<JsonObject>("/sandbox/state", TestContext.Current.CancellationToken))!["users"]!.AsArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in users.Select(u => (string)u!["id"]!))
        {
            var state = await http.GetFromJsonAsync<JsonObject>($"/sandbox/state?user={id}", TestContext.Current.CancellationToken);
            var dm = state!["conversations"]!.AsArray().First(c => (string?)c!["kind"] == "dm")!;
            counts[id] = dm["messages"]!.AsArray().Count(m => (bool)m!["bot"]! && !(bool)m["ephemeral"]! && m["blocks"] is JsonArray blocks
                && blocks.ToJsonString().Contains("quiz-", StringComparison.Ordinal));
        }
        return counts;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"other sellers: (\d+) lessons? sent")]
    private static partial Regex OthersSent();

    [GeneratedRegex(@"(\d+) lessons? skipped or cancelled")]
    private static partial Regex OthersMissed();
}
