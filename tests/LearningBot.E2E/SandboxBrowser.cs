using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LearningBot.E2E;

/// <summary>
/// The machine's own Chromium driven by Playwright (the package's bundled driver; no browser is downloaded), and a folder for the
/// screenshots each step leaves behind.
/// </summary>
public sealed partial class SandboxBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private SandboxBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where screenshots go: TestResults/e2e-screenshots next to the test binaries.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "e2e-screenshots");

    public static async Task<SandboxBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = FindChromium(),
            Headless = true,
            // Root (as in CI) cannot use Chromium's own sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new SandboxBrowser(playwright, browser);
    }

    public async Task<IPage> OpenAsync(Uri address, int width = 1400, int height = 1000)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(address.ToString());
        // The page is ready once its first poll of the workspace has drawn a conversation.
        await Assertions.Expect(page.GetByTestId("conversation-title")).Not.ToBeEmptyAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact (a file, and an attachment where the runner keeps them).</summary>
    public static async Task ScreenshotAsync(IPage page, string step)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var name = SafeName().Replace(step, "-") + ".png";
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = false });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    /// <summary>Saves a screenshot of one element (a lesson card) as a test artifact.</summary>
    public static async Task ElementScreenshotAsync(ILocator element, string step)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var name = SafeName().Replace(step, "-") + ".png";
        var bytes = await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name) });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    /// <summary>Debian's chromium from PATH (or CHROMIUM_PATH); the tests never download a browser.</summary>
    public static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
            return configured;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        throw new InvalidOperationException("No Chromium on PATH: install it with 'apt-get install -y chromium' (.ci/run does this), or set CHROMIUM_PATH.");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex SafeName();
}
