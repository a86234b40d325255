namespace LearningBot.Delivery;

/// <summary>A seller as the planner sees them: their zone, their own pacing settings (JSON) and any pause.</summary>
internal sealed record PlanningSeller(long Id, string TimeZone, string Settings, DateTimeOffset? PausedUntil);

/// <summary>A calendar entry of a seller's.</summary>
internal sealed record PlanningMeeting(long Id, long SellerId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Cancelled);

/// <summary>A partner the matcher found in a meeting, and why.</summary>
internal sealed record PlanningMatch(long MeetingId, string PartnerId, string PartnerName, string Reason);
