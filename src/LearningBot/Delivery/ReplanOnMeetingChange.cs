using LearningBot.Meetings;

namespace LearningBot.Delivery;

/// <summary>A webhook, feed poll or import changed some sellers' meetings: plan just those sellers now.</summary>
internal sealed class ReplanOnMeetingChange(DeliveryPlanner planner) : IMeetingChangeListener
{
    public async Task OnMeetingsChangedAsync(IReadOnlyCollection<long> sellerIds, CancellationToken cancellationToken)
    {
        foreach (var batch in sellerIds.Order().Chunk(DeliveryPlanner.BatchSize))
            await planner.PlanSellersAsync(batch, cancellationToken);
    }
}
