using LearningBot.Meetings;
using Microsoft.Extensions.Options;

namespace LearningBot.Delivery;

/// <summary>A webhook, feed poll or import changed some sellers' meetings: plan just those sellers now.</summary>
internal sealed class ReplanOnMeetingChange(DeliveryPlanner planner, IOptions<DeliveryOptions> options) : IMeetingChangeListener
{
    public async Task OnMeetingsChangedAsync(IReadOnlyCollection<long> sellerIds, CancellationToken cancellationToken)
    {
        foreach (var batch in sellerIds.Order().Chunk(options.Value.PlanBatchSize))
            await planner.PlanSellersAsync(batch, cancellationToken);
    }
}
