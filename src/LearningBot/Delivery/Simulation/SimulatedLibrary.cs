using LearningBot.Content;

namespace LearningBot.Delivery.Simulation;

/// <summary>The lessons of a content directory as the planner's queries would return them on a given day (every version is 1).</summary>
internal static class SimulatedLibrary
{
    public static PlanningLibrary On(IReadOnlyList<LessonDefinition> lessons, DateOnly day) => new(
        [.. lessons
            .Where(l => l.PartnerId is not null && l.Campaign is null
                && (l.AvailableFrom is null || l.AvailableFrom <= day) && (l.RelevantUntil is null || l.RelevantUntil >= day))
            .OrderBy(l => l.PartnerId, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal)
            .Select(l => new LessonOption(l.Id, 1, l.PartnerId!, l.ObjectiveKind))],
        [.. lessons
            .Where(l => l.Campaign is not null && (l.RelevantUntil is null || l.RelevantUntil >= day))
            .Select(l => new CampaignLesson(l.Id, 1, l.Title, l.PartnerId, l.Campaign!.Starts, l.RelevantUntil, l.Campaign.Audience == "partner-sellers"))]);
}
