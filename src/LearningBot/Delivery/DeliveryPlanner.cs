using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

internal sealed record PlanSummary(int Planned, int Replanned, int Cancelled, int Skipped)
{
    public static PlanSummary operator +(PlanSummary a, PlanSummary b) =>
        new(a.Planned + b.Planned, a.Replanned + b.Replanned, a.Cancelled + b.Cancelled, a.Skipped + b.Skipped);
}

/// <summary>
/// Keeps the outbox in step with sellers' calendars: partner meetings get lessons, a moved meeting moves its lesson,
/// a cancelled one cancels it, campaigns reach their audience, a quiet week brings one evergreen lesson, and every
/// skip carries the rule that caused it. Sellers are planned in batches, each batch in one transaction under
/// per-seller advisory locks, so planners on several instances never interleave on a seller.
/// </summary>
internal sealed class DeliveryPlanner(
    NpgsqlDataSource dataSource, PlanningQueries queries, IOptions<PacingOptions> pacing, TimeProvider time, ILogger<DeliveryPlanner> logger)
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);
    public static readonly TimeSpan AssumedCompletion = TimeSpan.FromMinutes(30);
    public const int BatchSize = 500;
    private const int PlanLockSpace = 0x504C414E; // "PLAN"

    public async Task<PlanSummary> PlanAllAsync(CancellationToken cancellationToken)
    {
        var total = new PlanSummary(0, 0, 0, 0);
        foreach (var batch in (await queries.SellerIdsAsync(cancellationToken)).Chunk(BatchSize))
            total += await PlanSellersAsync(batch, cancellationToken);
        if (total != new PlanSummary(0, 0, 0, 0))
        {
            logger.LogInformation("Planning: {Planned} new, {Replanned} moved, {Cancelled} cancelled, {Skipped} skipped",
                total.Planned, total.Replanned, total.Cancelled, total.Skipped);
        }
        return total;
    }

    public Task<PlanSummary> PlanSellerAsync(long sellerId, CancellationToken cancellationToken) =>
        PlanSellersAsync([sellerId], cancellationToken);

    public async Task<PlanSummary> PlanSellersAsync(long[] sellerIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(@space, (id % 2147483647)::int) FROM unnest(@sellerIds) AS id ORDER BY id",
            new { space = PlanLockSpace, sellerIds });

        var sellers = await PlanningQueries.SellersAsync(connection, sellerIds);
        var meetings = (await PlanningQueries.MeetingsAsync(connection, sellerIds, now - TimeSpan.FromDays(1), now + Horizon)).ToLookup(m => m.SellerId);
        var matches = (await PlanningQueries.MatchesAsync(connection, [.. meetings.SelectMany(m => m).Select(m => m.Id)])).ToLookup(m => m.MeetingId);
        var deliveries = (await PlanningQueries.DeliveriesAsync(connection, sellerIds)).ToLookup(d => d.SellerId);
        var audiences = (await PlanningQueries.AudienceAsync(connection, sellerIds, now - TimeSpan.FromDays(90))).ToLookup(a => a.SellerId, a => a.PartnerId);
        var partnerLessons = (await PlanningQueries.PartnerLessonsAsync(connection, today))
            .Select(l => new LessonOption(l.LessonId, l.Version, l.PartnerId, l.ObjectiveKind)).ToList();
        var lessonsByPartner = partnerLessons.GroupBy(l => l.PartnerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LessonOption>)[.. g]);
        var campaigns = (await PlanningQueries.CampaignsAsync(connection, today))
            .Select(c => new CampaignLesson(c.LessonId, c.Version, c.Title, c.PartnerId, c.StartsLocal, c.RelevantUntil, c.PartnerSellersOnly))
            .ToList();

        var changes = new OutboxChanges();
        var defaults = pacing.Value.ToRules();
        foreach (var seller in sellers)
        {
            PlanOne(seller, defaults, [.. meetings[seller.Id]], matches, [.. deliveries[seller.Id]], audiences[seller.Id].ToHashSet(),
                lessonsByPartner, partnerLessons, campaigns, now, changes);
        }
        var summary = await changes.ApplyAsync(connection, now);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    private static void PlanOne(
        PlanningQueries.SellerRow seller, PacingRules defaults, IReadOnlyList<PlanningQueries.MeetingRow> meetings,
        ILookup<long, PlanningQueries.MatchRow> matches, IReadOnlyList<PlanningQueries.DeliveryRow> deliveries,
        IReadOnlySet<string> audience, IReadOnlyDictionary<string, IReadOnlyList<LessonOption>> lessonsByPartner,
        IReadOnlyList<LessonOption> partnerLessons, IReadOnlyList<CampaignLesson> campaigns, DateTimeOffset now, OutboxChanges changes)
    {
        var settled = deliveries.Where(d => d.Status is "sent" or "sending" || (d.Status == "planned" && d.Trigger != "meeting")).ToList();
        var settledSends = SellerSchedules.Delivered(settled).Concat(settled
            .Where(d => d.Status == "planned")
            .Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion)));
        var received = settled.Select(d => d.LessonId).ToHashSet();
        var schedule = SellerSchedules.From(seller, defaults, meetings, settledSends);

        var upcoming = meetings
            .Where(m => !m.Cancelled && m.StartsAt > now)
            .Select(m => new PlannedMeeting(m.Id, m.Title, m.StartsAt,
                [.. matches[m.Id].Select(x => new PartnerMatch(x.PartnerId, x.PartnerName, x.Reason))]))
            .Where(m => m.Partners.Count > 0)
            .ToList();
        var decisions = MeetingLessonPlan.Decide(schedule, upcoming, lessonsByPartner, received, now, AssumedCompletion);
        ApplyMeetingDecisions(seller.Id, decisions, deliveries, meetings, now, changes);

        var plannedForMeetings = decisions.Where(d => d.Planned).ToList();
        var evergreen = partnerLessons
            .OrderByDescending(l => audience.Contains(l.PartnerId))
            .ThenBy(l => Array.IndexOf(MeetingLessonPlan.ObjectiveOrder, l.ObjectiveKind))
            .ThenBy(l => l.PartnerId, StringComparer.Ordinal)
            .ToList();
        var standalone = CampaignLessonPlan.Decide(
            schedule with { Sends = [.. schedule.Sends, .. plannedForMeetings.Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion))] },
            campaigns, audience, evergreen,
            received.Concat(plannedForMeetings.Select(d => d.LessonId)).ToHashSet(),
            anyPlanned: plannedForMeetings.Count > 0 || settled.Any(d => d.Status is "planned" or "sending"),
            now, Horizon, AssumedCompletion);
        foreach (var decision in standalone)
        {
            if (decision.Planned)
                changes.Plan(seller.Id, decision.Trigger, decision.LessonId, decision.LessonVersion, null, decision.DueAt, decision.Reason);
            else
                changes.Skip(seller.Id, decision.Trigger, decision.LessonId, decision.LessonVersion, null, decision.DueAt, decision.Reason);
        }
    }

    private static void ApplyMeetingDecisions(
        long sellerId, IReadOnlyList<MeetingLessonDecision> decisions, IReadOnlyList<PlanningQueries.DeliveryRow> deliveries,
        IReadOnlyList<PlanningQueries.MeetingRow> meetings, DateTimeOffset now, OutboxChanges changes)
    {
        var wanted = decisions.Where(d => d.Planned).ToDictionary(d => (d.MeetingId, d.LessonId));
        foreach (var row in deliveries.Where(d => d.Status == "planned" && d.Trigger == "meeting"))
        {
            if (wanted.Remove((row.MeetingId ?? 0, row.LessonId), out var decision))
            {
                if (decision.DueAt != row.DueAt || decision.Reason != row.Reason)
                    changes.Move(row.Id, decision.DueAt, decision.Reason);
                continue;
            }
            var meeting = meetings.FirstOrDefault(m => m.Id == row.MeetingId);
            changes.Cancel(row.Id, meeting is null || meeting.Cancelled
                ? "the meeting was cancelled or removed"
                : decisions.FirstOrDefault(d => d.MeetingId == row.MeetingId && !d.Planned)?.Reason
                    ?? "re-planned: the meeting changed and this lesson no longer fits it");
        }
        foreach (var decision in wanted.Values)
            changes.Plan(sellerId, "meeting", decision.LessonId, decision.LessonVersion, decision.MeetingId, decision.DueAt, decision.Reason);

        var skips = decisions.Where(d => !d.Planned).ToList();
        foreach (var skip in skips)
            changes.Skip(sellerId, "meeting", skip.LessonId, skip.LessonVersion, skip.MeetingId, skip.DueAt, skip.Reason);
        foreach (var stale in deliveries.Where(d => d.Status == "skipped" && d.MeetingId is not null && d.DueAt > now
                     && !skips.Any(s => s.MeetingId == d.MeetingId && s.LessonId == d.LessonId)))
            changes.Forget(stale.Id);
    }
}
