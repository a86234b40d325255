namespace LearningBot.E2E;

/// <summary>A test class with a fresh browser per test, closed after it (the bot under test comes from the class's fixture).</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private SandboxBrowser? _browser;

    protected SandboxBrowser Browser => _browser ?? throw new InvalidOperationException("the browser starts in InitializeAsync");

    public virtual async ValueTask InitializeAsync() => _browser = await SandboxBrowser.LaunchAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
