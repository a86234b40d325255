namespace LearningBot.Slack.Receiving;

/// <summary>
/// Remembers the signatures of requests already accepted: a captured request sent again inside the signature window
/// carries the same signature, which no genuine Slack request does (a retry is signed anew).
/// </summary>
public interface IReplayGuard
{
    /// <summary>True the first time this signature is seen (and remembers it), false for a replay.</summary>
    Task<bool> FirstTimeAsync(string signature, DateTimeOffset now, CancellationToken cancellationToken);
}
