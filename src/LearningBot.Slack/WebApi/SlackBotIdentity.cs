namespace LearningBot.Slack.WebApi;

/// <summary>Our bot's ids from auth.test, fetched once and cached; a failed call is retried next time (https://api.slack.com/methods/auth.test).</summary>
public sealed class SlackBotIdentity(ISlackApi api)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthTestResult? _cached;

    public async ValueTask<AuthTestResult> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } known)
            return known;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _cached ??= await api.AuthTestAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
