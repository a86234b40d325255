namespace LearningBot.Delivery;

/// <summary>A campaign lesson (product release, spiff): it goes out at its start, in the seller's own time, to its audience.</summary>
internal sealed record CampaignLesson(
    string LessonId, int Version, string Title, string? PartnerId, DateTime StartsLocal, DateOnly? RelevantUntil, bool PartnerSellersOnly);

/// <summary>A lesson the planner decided on outside a meeting: a campaign, or the evergreen lesson after a quiet week.</summary>
internal sealed record StandaloneDecision(string LessonId, int LessonVersion, string Trigger, bool Planned, DateTimeOffset DueAt, string Reason);

/// <summary>Campaign and evergreen lessons for one seller, placed by the same pacing policy as meeting lessons. Pure.</summary>
internal static class CampaignLessonPlan
{
    public static readonly TimeSpan CampaignWindow = TimeSpan.FromDays(7);

    /// <summary>From the campaign's start in the seller's own time to the end of its last relevant day (or a week).</summary>
    public static (DateTimeOffset Starts, DateTimeOffset Until) Window(CampaignLesson campaign, WorkingCalendar calendar)
    {
        var starts = calendar.Instant(DateOnly.FromDateTime(campaign.StartsLocal), TimeOnly.FromDateTime(campaign.StartsLocal));
        return (starts, campaign.RelevantUntil is { } last ? calendar.StartOfDay(last.AddDays(1)) : starts + CampaignWindow);
    }

    public static IReadOnlyList<StandaloneDecision> Decide(
        SellerSchedule schedule,
        IEnumerable<CampaignLesson> campaigns,
        IReadOnlySet<string> audienceOfPartners,
        IReadOnlyList<LessonOption> evergreenCandidates,
        IReadOnlySet<string> received,
        bool anyPlanned,
        DateTimeOffset now,
        TimeSpan horizon,
        TimeSpan assumedCompletion)
    {
        var calendar = new WorkingCalendar(schedule.TimeZone, schedule.Rules);
        var sends = schedule.Sends.ToList();
        var decisions = new List<StandaloneDecision>();

        foreach (var campaign in campaigns.OrderBy(c => c.StartsLocal).ThenBy(c => c.LessonId, StringComparer.Ordinal))
        {
            if (received.Contains(campaign.LessonId))
                continue;
            if (campaign.PartnerSellersOnly && (campaign.PartnerId is null || !audienceOfPartners.Contains(campaign.PartnerId)))
                continue;
            var (starts, until) = Window(campaign, calendar);
            if (until <= now || starts > now + horizon)
                continue;

            var why = $"Campaign “{campaign.Title}” starts {calendar.Describe(starts)}";
            var decision = PacingPolicy.Earliest(schedule with { Sends = sends }, starts > now ? starts : now, until);
            if (decision is PacingDecision.Send send)
            {
                sends.Add(new LessonSend(campaign.LessonId, send.At, send.At + assumedCompletion));
                decisions.Add(new StandaloneDecision(campaign.LessonId, campaign.Version, "campaign", true, send.At,
                    DeliveryReasons.Planned(why, calendar, send.At, decision.Reason)));
                anyPlanned = true;
            }
            else
            {
                decisions.Add(new StandaloneDecision(campaign.LessonId, campaign.Version, "campaign", false, starts, DeliveryReasons.Skipped(why, decision.Reason)));
            }
        }

        if (!anyPlanned && PacingPolicy.EvergreenDue(schedule with { Sends = sends }, now)
            && evergreenCandidates.FirstOrDefault(l => !received.Contains(l.LessonId)) is { } evergreen)
        {
            var why = $"Nothing for {schedule.Rules.QuietPeriodBeforeEvergreen.TotalDays:0} days, so one lesson to keep learning going";
            var decision = PacingPolicy.Earliest(schedule with { Sends = sends }, now, now + CampaignWindow);
            decisions.Add(decision is PacingDecision.Send send
                ? new StandaloneDecision(evergreen.LessonId, evergreen.Version, "evergreen", true, send.At,
                    DeliveryReasons.Planned(why, calendar, send.At, decision.Reason))
                : new StandaloneDecision(evergreen.LessonId, evergreen.Version, "evergreen", false, now, DeliveryReasons.Skipped(why, decision.Reason)));
        }
        return decisions;
    }
}
