using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Delivery;

internal sealed record PlanSummary(int Planned, int Replanned, int Cancelled, int Skipped);

/// <summary>
/// Turns each seller's upcoming partner meetings into outbox rows and keeps them current: a moved meeting moves
/// its lesson, a cancelled one cancels it, and every skip carries the rule that caused it. One seller is planned
/// inside one transaction under an advisory lock, so planners on several instances never interleave.
/// </summary>
internal sealed class DeliveryPlanner(
    NpgsqlDataSource dataSource, PlanningQueries queries, IOptions<PacingOptions> pacing, TimeProvider time, ILogger<DeliveryPlanner> logger)
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);
    public static readonly TimeSpan AssumedCompletion = TimeSpan.FromMinutes(30);
    private const int PlanLockSpace = 0x504C414E; // "PLAN"

    public async Task<PlanSummary> PlanAllAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var total = new PlanSummary(0, 0, 0, 0);
        foreach (var sellerId in await queries.SellersAsync(cancellationToken))
        {
            var summary = await PlanSellerAsync(sellerId, cancellationToken);
            total = new PlanSummary(total.Planned + summary.Planned, total.Replanned + summary.Replanned,
                total.Cancelled + summary.Cancelled, total.Skipped + summary.Skipped);
        }
        return total;
    }

    public async Task<PlanSummary> PlanSellerAsync(long sellerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@space, @key)", new { space = PlanLockSpace, key = (int)(sellerId % int.MaxValue) });

        var seller = await PlanningQueries.SellerAsync(connection, sellerId);
        if (seller is null)
            return new PlanSummary(0, 0, 0, 0);
        var meetings = await PlanningQueries.MeetingsAsync(connection, sellerId, now - TimeSpan.FromDays(1), now + Horizon);
        var matches = await PlanningQueries.MatchesAsync(connection, [.. meetings.Select(m => m.Id)]);
        var deliveries = await PlanningQueries.DeliveriesAsync(connection, sellerId);
        var partnerIds = matches.Select(m => m.PartnerId).Distinct().ToList();
        var lessons = (await PlanningQueries.LessonsAsync(connection, partnerIds, DateOnly.FromDateTime(now.UtcDateTime)))
            .GroupBy(l => l.PartnerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LessonOption>)[.. g.Select(l => new LessonOption(l.LessonId, l.Version, l.PartnerId, l.ObjectiveKind))]);

        var replannable = deliveries.Where(d => d.Status == "planned" && d.Trigger == "meeting").ToList();
        var settledSends = SellerSchedules.Delivered(deliveries).Concat(deliveries
            .Where(d => d.Status == "planned" && d.Trigger != "meeting")
            .Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion)));
        var received = deliveries.Where(d => d.Status is "sent" or "sending" || (d.Status == "planned" && d.Trigger != "meeting"))
            .Select(d => d.LessonId).ToHashSet();

        var upcoming = meetings
            .Where(m => !m.Cancelled && m.StartsAt > now)
            .Select(m => new PlannedMeeting(m.Id, m.Title, m.StartsAt,
                [.. matches.Where(x => x.MeetingId == m.Id).Select(x => new PartnerMatch(x.PartnerId, x.PartnerName, x.Reason))]))
            .Where(m => m.Partners.Count > 0)
            .ToList();

        var schedule = SellerSchedules.From(seller, pacing.Value.ToRules(), meetings, settledSends);
        var decisions = MeetingLessonPlan.Decide(schedule, upcoming, lessons, received, now, AssumedCompletion);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var audience = await PlanningQueries.AudiencePartnersAsync(connection, sellerId, now - TimeSpan.FromDays(90));
        var campaigns = (await PlanningQueries.CampaignsAsync(connection, today))
            .Select(c => new CampaignLesson(c.LessonId, c.Version, c.Title, c.PartnerId, c.StartsLocal, c.RelevantUntil, c.PartnerSellersOnly));
        var evergreen = (await PlanningQueries.EvergreenCandidatesAsync(connection, [.. audience], today))
            .Select(l => new LessonOption(l.LessonId, l.Version, l.PartnerId, l.ObjectiveKind)).ToList();
        var withMeetingLessons = schedule with
        {
            Sends = [.. schedule.Sends, .. decisions.Where(d => d.Planned).Select(d => new LessonSend(d.LessonId, d.DueAt, d.DueAt + AssumedCompletion))],
        };
        var anyPlanned = decisions.Any(d => d.Planned) || deliveries.Any(d => d.Status is "planned" or "sending" && d.Trigger != "meeting");
        var standalone = CampaignLessonPlan.Decide(withMeetingLessons, campaigns, audience, evergreen,
            received.Concat(decisions.Where(d => d.Planned).Select(d => d.LessonId)).ToHashSet(), anyPlanned, now, Horizon, AssumedCompletion);

        var summary = await ApplyAsync(connection, sellerId, decisions, replannable, deliveries, meetings, now);
        foreach (var decision in standalone)
        {
            summary = decision.Planned
                ? summary with { Planned = summary.Planned + await DeliveryStore.InsertStandaloneAsync(connection, sellerId, decision, now) }
                : summary with { Skipped = summary.Skipped + await DeliveryStore.RecordStandaloneSkipAsync(connection, sellerId, decision, now) };
        }
        await transaction.CommitAsync(cancellationToken);
        if (summary != new PlanSummary(0, 0, 0, 0))
        {
            logger.LogInformation("Planned seller {SellerId}: {Planned} new, {Replanned} moved, {Cancelled} cancelled, {Skipped} skipped",
                sellerId, summary.Planned, summary.Replanned, summary.Cancelled, summary.Skipped);
        }
        return summary;
    }

    private static async Task<PlanSummary> ApplyAsync(
        NpgsqlConnection connection, long sellerId, IReadOnlyList<MeetingLessonDecision> decisions,
        IReadOnlyList<PlanningQueries.DeliveryRow> replannable, IReadOnlyList<PlanningQueries.DeliveryRow> deliveries,
        IReadOnlyList<PlanningQueries.MeetingRow> meetings, DateTimeOffset now)
    {
        int planned = 0, replanned = 0, cancelled = 0, skipped = 0;
        var wanted = decisions.Where(d => d.Planned).ToDictionary(d => (d.MeetingId, d.LessonId));

        foreach (var row in replannable)
        {
            if (wanted.Remove((row.MeetingId ?? 0, row.LessonId), out var decision))
            {
                replanned += await DeliveryStore.ReplanAsync(connection, row.Id, decision.DueAt, decision.Reason, now);
                continue;
            }
            var meeting = meetings.FirstOrDefault(m => m.Id == row.MeetingId);
            var reason = meeting is null || meeting.Cancelled
                ? "the meeting was cancelled or removed"
                : decisions.FirstOrDefault(d => d.MeetingId == row.MeetingId && !d.Planned)?.Reason
                    ?? "re-planned: the meeting changed and this lesson no longer fits it";
            cancelled += await DeliveryStore.CancelAsync(connection, row.Id, reason, now);
        }
        foreach (var decision in wanted.Values)
            planned += await DeliveryStore.InsertPlannedAsync(connection, sellerId, decision, now);

        var skips = decisions.Where(d => !d.Planned).ToList();
        foreach (var skip in skips)
            skipped += await DeliveryStore.RecordSkipAsync(connection, sellerId, skip, now);
        foreach (var stale in deliveries.Where(d => d.Status == "skipped" && d.DueAt > now
                     && !skips.Any(s => s.MeetingId == d.MeetingId && s.LessonId == d.LessonId)))
            await DeliveryStore.ForgetSkipAsync(connection, stale.Id);

        return new PlanSummary(planned, replanned, cancelled, skipped);
    }
}
