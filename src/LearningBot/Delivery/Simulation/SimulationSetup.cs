using LearningBot.Content;

namespace LearningBot.Delivery.Simulation;

/// <summary>One calendar entry of the simulated seller, with the partners the matcher found in it and why.</summary>
internal sealed record SimulatedMeeting(
    long Id, string Uid, string Title, DateTimeOffset Start, DateTimeOffset End, bool AllDay, bool Cancelled,
    IReadOnlyList<PlanningMatch> Partners)
{
    public PlanningMeeting Row => new(Id, DeliverySimulator.SellerId, Title, Start, End, Cancelled);
}

/// <summary>Everything a simulation runs on, read from files: no database, no Slack.</summary>
/// <param name="CompleteAfter">How long after a lesson arrives the seller finishes it; null when never.</param>
internal sealed record SimulationSetup(
    string SellerEmail,
    TimeZoneInfo Zone,
    DateTimeOffset From,
    DateTimeOffset Until,
    TimeSpan? CompleteAfter,
    PacingRules Rules,
    IReadOnlyList<SimulatedMeeting> Meetings,
    IReadOnlyList<LessonDefinition> Lessons,
    IReadOnlySet<string> OpportunityPartners,
    SimulatedAnswers Answers = SimulatedAnswers.Right);
