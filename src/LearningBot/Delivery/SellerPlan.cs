using LearningBot.Delivery.Outbox;

namespace LearningBot.Delivery;

/// <summary>The lessons there are to choose from on one day: current partner lessons by partner, and campaigns.</summary>
internal sealed record PlanningLibrary(IReadOnlyList<LessonOption> PartnerLessons, IReadOnlyList<CampaignLesson> Campaigns)
{
    public IReadOnlyDictionary<string, IReadOnlyList<LessonOption>> LessonsByPartner { get; } =
        PartnerLessons.GroupBy(l => l.PartnerId).ToDictionary(g => g.Key, g => (IReadOnlyList<LessonOption>)[.. g]);
}

/// <summary>
/// Everything the planner decided for one seller in one run, before it became outbox changes; <paramref name="Lessons"/>
/// is the seller's schedule with every lesson sent or planned after it, which quick checks must leave room for.
/// </summary>
internal sealed record SellerPlanResult(
    IReadOnlyList<MeetingLessonDecision> Meetings, IReadOnlyList<StandaloneDecision> Standalone, SellerSchedule Lessons);

/// <summary>
/// The planner's decisions for one seller, as a pure function of rows: the seller, their meetings and partner
/// matches, the outbox rows they already have, the partners they deal with, the library and the time. The
/// database planner and <c>learningbot simulate</c> both run it; only where the rows come from differs.
/// </summary>
internal static class SellerPlan
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);
    public static readonly TimeSpan AssumedCompletion = TimeSpan.FromMinutes(30);

    public static SellerPlanResult Plan(
        PlanningSeller seller, PacingRules defaults, IReadOnlyList<PlanningMeeting> meetings,
        ILookup<long, PlanningMatch> matches, IReadOnlyList<OutboxLesson> deliveries,
        IReadOnlySet<string> audience, PlanningLibrary library, DateTimeOffset now, OutboxChanges changes)
    {
        // A meeting row already due is the dispatcher's to send or skip: re-planning it now would only see its chance gone.
        var settled = deliveries.Where(d => d.Status.IsDelivered || (d.Status == DeliveryStatus.Planned && (d.Trigger != DeliveryTrigger.Meeting || d.DueAt <= now))).ToList();
        var settledSends = ScheduleFromRows.Delivered(settled).Concat(settled
            .Where(d => d.Status == DeliveryStatus.Planned)
            .Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion)));
        var received = settled.Select(d => d.LessonId).ToHashSet();
        var schedule = ScheduleFromRows.From(seller, defaults, meetings, settledSends);
        schedule = ReplaceStandalone(schedule, settled, library, now, changes);

        // A meeting gets one lesson: once its lesson is out, the meeting is done with.
        var served = settled.Where(d => d.Status.IsLive && d.MeetingId is not null).Select(d => d.MeetingId!.Value).ToHashSet();
        var upcoming = meetings
            .Where(m => !m.Cancelled && m.StartsAt > now && !served.Contains(m.Id))
            .Select(m => new PlannedMeeting(m.Id, m.Title, m.StartsAt,
                [.. matches[m.Id].Select(x => new PartnerMatch(x.PartnerId, x.PartnerName, x.Reason))]))
            .Where(m => m.Partners.Count > 0)
            .ToList();
        var decisions = MeetingLessonPlan.Decide(schedule, upcoming, library.LessonsByPartner, received, now, AssumedCompletion);
        ApplyMeetingDecisions(seller.Id, schedule, decisions, deliveries, meetings, now, changes);

        var plannedForMeetings = decisions.Where(d => d.Planned).ToList();
        var evergreen = library.PartnerLessons
            .OrderByDescending(l => audience.Contains(l.PartnerId))
            .ThenBy(l => Array.IndexOf(MeetingLessonPlan.ObjectiveOrder, l.ObjectiveKind))
            .ThenBy(l => l.PartnerId, StringComparer.Ordinal)
            .ToList();
        var standalone = CampaignLessonPlan.Decide(
            schedule with { Sends = [.. schedule.Sends, .. plannedForMeetings.Select(d => new LessonSend(d.LessonId!, d.DueAt, d.DueAt + AssumedCompletion))] },
            library.Campaigns, audience, evergreen,
            received.Concat(plannedForMeetings.Select(d => d.LessonId!)).ToHashSet(),
            anyPlanned: plannedForMeetings.Count > 0 || settled.Any(d => d.Status == DeliveryStatus.Planned || d.Status == DeliveryStatus.Sending),
            now, Horizon, AssumedCompletion);
        foreach (var decision in standalone)
        {
            if (decision.Planned)
                changes.Plan(seller.Id, decision.Trigger, decision.LessonId, decision.LessonVersion, null, decision.DueAt, decision.Reason);
            else if (!deliveries.Any(d => d.Status == DeliveryStatus.Skipped && d.MeetingId is null && d.Trigger == decision.Trigger && d.LessonId == decision.LessonId))
                changes.Skip(seller.Id, decision.Trigger, decision.LessonId, decision.LessonVersion, null, decision.DueAt, decision.Reason);
        }
        var lessons = schedule with
        {
            Sends = [.. schedule.Sends,
                .. plannedForMeetings.Select(d => new LessonSend(d.LessonId!, d.DueAt, d.DueAt + AssumedCompletion)),
                .. standalone.Where(d => d.Planned).Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion))],
        };
        return new SellerPlanResult(decisions, standalone, lessons);
    }

    /// <summary>
    /// A campaign or evergreen row keeps its moment while that moment is still allowed; once it is not (the seller
    /// changed their hours or days, a meeting was booked over it), it moves to the first allowed moment from now, if any
    /// (otherwise the dispatcher skips it at its moment with the reason).
    /// </summary>
    private static SellerSchedule ReplaceStandalone(
        SellerSchedule schedule, IReadOnlyList<OutboxLesson> settled, PlanningLibrary library, DateTimeOffset now, OutboxChanges changes)
    {
        var calendar = new WorkingCalendar(schedule.TimeZone, schedule.Rules);
        foreach (var row in settled.Where(d => d.Status == DeliveryStatus.Planned && d.Trigger is DeliveryTrigger.Campaign or DeliveryTrigger.Evergreen && d.DueAt > now))
        {
            var others = schedule with { Sends = [.. schedule.Sends.Where(s => !(s.LessonId == row.LessonId && s.At == row.DueAt))] };
            if (PacingPolicy.Check(others, row.DueAt) is PacingDecision.Send)
                continue;
            var (from, until) = (now, now + CampaignLessonPlan.CampaignWindow);
            if (row.Trigger == DeliveryTrigger.Campaign && library.Campaigns.FirstOrDefault(c => c.LessonId == row.LessonId) is { } campaign)
            {
                // Never before the campaign starts, never after it stops being relevant.
                var (starts, relevantUntil) = CampaignLessonPlan.Window(campaign, calendar);
                (from, until) = (starts > now ? starts : now, relevantUntil);
            }
            if (PacingPolicy.Earliest(others, from, until) is not PacingDecision.Send moved)
                continue;
            changes.Move(row.Id, moved.At, DeliveryReasons.Replanned(row.Reason, calendar, moved.At, moved.Reason));
            schedule = others with { Sends = [.. others.Sends, new LessonSend(row.LessonId, moved.At, moved.At + AssumedCompletion)] };
        }
        return schedule;
    }

    private static void ApplyMeetingDecisions(
        long sellerId, SellerSchedule schedule, IReadOnlyList<MeetingLessonDecision> decisions, IReadOnlyList<OutboxLesson> deliveries,
        IReadOnlyList<PlanningMeeting> meetings, DateTimeOffset now, OutboxChanges changes)
    {
        var wanted = decisions.Where(d => d.Planned).ToDictionary(d => (d.MeetingId, d.LessonId!));
        foreach (var row in deliveries.Where(d => d.Status == DeliveryStatus.Planned && d.Trigger == DeliveryTrigger.Meeting))
        {
            var meeting = meetings.FirstOrDefault(m => m.Id == row.MeetingId);
            if (meeting is null || meeting.Cancelled)
            {
                changes.Cancel(row.Id, meeting is null ? "the meeting was removed from the calendar" : "the meeting was cancelled");
                continue;
            }
            if (row.DueAt <= now)
            {
                // Overdue (a backlog, an outage): skipped once its meeting is too close, otherwise left to the dispatcher.
                if (SendTimeCheck.TooLate(schedule, meeting.StartsAt, row.DueAt, now) is { } late)
                    changes.SkipPlanned(row.Id, DeliveryReasons.SkippedBeforeSending(row.Reason, new WorkingCalendar(schedule.TimeZone, schedule.Rules), row.DueAt, late));
                continue;
            }
            if (wanted.Remove((row.MeetingId ?? 0, row.LessonId), out var decision))
            {
                if (decision.DueAt != row.DueAt || decision.Reason != row.Reason)
                    changes.Move(row.Id, decision.DueAt, decision.Reason);
                continue;
            }
            changes.Cancel(row.Id, decisions.FirstOrDefault(d => d.MeetingId == row.MeetingId && !d.Planned)?.Reason
                ?? "re-planned: the meeting changed and this lesson no longer fits it");
        }
        foreach (var decision in wanted.Values)
            changes.Plan(sellerId, DeliveryTrigger.Meeting, decision.LessonId!, decision.LessonVersion, decision.MeetingId, decision.DueAt, decision.Reason);

        // A meeting with no lesson left for the seller has nothing to record in the outbox; its reason is still in the result.
        var skips = decisions.Where(d => !d.Planned && d.LessonId is not null).ToList();
        // A skip keeps the reason it was first given (later runs only see the chance fading); a moved meeting re-records it.
        foreach (var skip in skips.Where(s => !deliveries.Any(d => d.Status == DeliveryStatus.Skipped && d.MeetingId == s.MeetingId
                     && d.LessonId == s.LessonId && d.DueAt == s.DueAt)))
            changes.Skip(sellerId, DeliveryTrigger.Meeting, skip.LessonId!, skip.LessonVersion, skip.MeetingId, skip.DueAt, skip.Reason);
        foreach (var stale in deliveries.Where(d => d.Status == DeliveryStatus.Skipped && d.MeetingId is not null && d.DueAt > now
                     && !skips.Any(s => s.MeetingId == d.MeetingId && s.LessonId == d.LessonId)))
            changes.Forget(stale.Id);
    }
}
