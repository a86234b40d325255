namespace LearningBot.Insights;

/// <summary>
/// Every delivery status (and the one reason marker) the insights queries read, in one place; they reach SQL as
/// parameters only, never as literals, so the statuses can change in one spot.
/// </summary>
internal static class InsightsStatuses
{
    public const string Planned = "planned";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";

    /// <summary>What Later appends to a delivery's reason (it stays after the lesson comes back).</summary>
    public const string SnoozedReasonPattern = "%; snoozed by the seller%";
}
