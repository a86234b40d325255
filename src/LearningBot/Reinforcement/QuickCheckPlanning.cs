using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>The seller's memory items and quick checks, read in one go for a batch of sellers.</summary>
internal sealed record MemorySnapshot(
    ILookup<long, ReinforcementQueries.ItemRow> Items, ILookup<long, OutboxQuickCheck> QuickChecks);

/// <summary>
/// The planner's quick-check step, run for each seller right after its lessons are planned (so a lesson always
/// wins the gap): outdated items retire, then due items and pre-meeting recalls are placed.
/// </summary>
internal sealed class QuickCheckPlanning(Fsrs fsrs, IOptions<ReinforcementOptions> options)
{
    public async Task<MemorySnapshot> LoadAsync(
        NpgsqlConnection connection, IOutboxTransitions outbox, long[] sellerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ReinforcementQueries.RetireOutdatedAsync(connection, sellerIds, now);
        var items = await ReinforcementQueries.LiveItemsAsync(connection, sellerIds);
        var checks = await outbox.QuickChecksAsync(sellerIds, now - TimeSpan.FromDays(8), cancellationToken);
        return new MemorySnapshot(items.ToLookup(i => i.SellerId), checks.ToLookup(c => c.SellerId));
    }

    public void Plan(
        PlanningSeller seller, SellerSchedule lessons, IEnumerable<PlanningMeeting> meetings,
        ILookup<long, PlanningMatch> matches, MemorySnapshot memory, DateTimeOffset now, OutboxChanges changes)
    {
        var items = memory.Items[seller.Id].ToList();
        var checks = memory.QuickChecks[seller.Id].ToList();
        if (items.Count == 0 && checks.Count == 0)
            return;
        QuickCheckOutbox.Plan(
            seller.Id, QuickCheckOutbox.Enabled(seller.Settings), lessons, RecallMeetings(meetings, matches, now), items, checks,
            QuickCheckRules.From(options.Value), fsrs, now, changes);
    }

    public static IReadOnlyList<RecallMeeting> RecallMeetings(
        IEnumerable<PlanningMeeting> meetings, ILookup<long, PlanningMatch> matches, DateTimeOffset now) =>
        [.. meetings
            .Where(m => !m.Cancelled && m.StartsAt > now && matches[m.Id].Any())
            .Select(m => new RecallMeeting(m.Id, m.Title, m.StartsAt, [.. matches[m.Id].Select(x => x.PartnerId).Distinct()]))];
}
