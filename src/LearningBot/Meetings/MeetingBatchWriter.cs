using LearningBot.Sellers;

namespace LearningBot.Meetings;

/// <summary>What writing a parsed batch did; <see cref="Errors"/> (unknown sellers, like <c>meetings[2].seller_email: …</c>) means nothing was written.</summary>
/// <param name="Stale">Uids left out because the sender's updated_at is older than the one applied before.</param>
/// <param name="Replayed">The same signed request was written before; nothing was written now.</param>
internal sealed record MeetingBatchResult(
    IReadOnlyList<string> Errors, int Received, int Changed, int Cancelled, IReadOnlyList<string>? Stale = null, bool Replayed = false);

/// <summary>
/// Writes a <see cref="MeetingPayload"/> batch for POST /api/meetings and the JSON file import alike: every seller must be
/// on the roster or nothing is written; then one transaction upserts by (source, uid) and cancels the deleted uids, and
/// the sellers concerned are re-planned.
/// </summary>
internal sealed class MeetingBatchWriter(SellerStore sellers, MeetingStore meetings, MeetingChangeNotifier changes)
{
    public async Task<MeetingBatchResult> WriteAsync(string source, MeetingBatch batch, CancellationToken cancellationToken, WebhookReplayCheck? replay = null)
    {
        var known = await sellers.FindIdsByEmailAsync(batch.Meetings.Select(m => m.SellerEmail!), cancellationToken);
        var unknown = batch.Meetings.Where(m => !known.ContainsKey(m.SellerEmail!))
            .Select(m => $"meetings[{m.Index}].seller_email: no seller has the email {m.SellerEmail}; import the roster first").ToList();
        if (unknown.Count > 0)
            return new MeetingBatchResult(unknown, batch.Meetings.Count, 0, 0);

        var writes = batch.Meetings.GroupBy(m => known[m.SellerEmail!])
            .Select(g => (g.Key, (IReadOnlyList<MeetingItem>)[.. g]))
            .ToList();
        var write = await meetings.UpsertBatchAsync(source, writes, batch.Deleted, replay, cancellationToken);
        await changes.SellersChangedAsync(write.Sellers, cancellationToken);
        return new MeetingBatchResult([], batch.Meetings.Count, write.Changed, write.Cancelled, write.Stale, write.Replayed);
    }
}
