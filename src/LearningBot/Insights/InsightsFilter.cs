using LearningBot.Delivery;
using Dapper;

namespace LearningBot.Insights;

/// <summary>What every insights figure is filtered by: a range of UTC days (both included), a partner and a manager's team.</summary>
internal sealed record InsightsFilter(DateOnly From, DateOnly To, string? Partner = null, string? Team = null)
{
    public DateTimeOffset FromUtc => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Midnight after the last day: ranges are half-open in SQL.</summary>
    public DateTimeOffset ToUtcExclusive => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>A filter with its team resolved to seller ids (null: everyone) and the moment "now" for the figures.</summary>
internal sealed record InsightsScope(InsightsFilter Filter, long[]? Sellers, DateTimeOffset Now)
{
    /// <summary>The parameters every query may use: the range, partner, sellers, now, and the delivery statuses.</summary>
    public DynamicParameters Parameters(object? extra = null)
    {
        var parameters = new DynamicParameters(extra);
        parameters.Add("from", Filter.FromUtc);
        parameters.Add("to", Filter.ToUtcExclusive);
        parameters.Add("partner", Filter.Partner);
        parameters.Add("sellers", Sellers);
        parameters.Add("team", Filter.Team);
        parameters.Add("now", Now);
        parameters.Add("planned", DeliveryStatus.Planned.Value);
        parameters.Add("sent", DeliveryStatus.Sent.Value);
        parameters.Add("skipped", DeliveryStatus.Skipped.Value);
        parameters.Add("cancelled", DeliveryStatus.Cancelled.Value);
        parameters.Add("snoozed", DeliveryReasons.SnoozedLikePattern);
        return parameters;
    }
}
