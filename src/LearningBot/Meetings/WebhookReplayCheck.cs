using LearningBot.Infrastructure.Replay;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>
/// A signed webhook request's claim on its signature, taken inside the transaction that writes it: a request that failed
/// (and wrote nothing) may be sent again as it was, one that was written is not written twice.
/// </summary>
internal sealed record WebhookReplayCheck(ReplayCache Cache, string Signature, DateTimeOffset ReceivedAt)
{
    public Task<bool> FirstTimeAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        Cache.FirstTimeAsync(Signature, ReceivedAt, transaction, cancellationToken);
}
