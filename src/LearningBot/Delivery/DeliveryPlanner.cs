using LearningBot.Infrastructure.Telemetry;
using Dapper;
using LearningBot.Delivery.Outbox;
using LearningBot.Reinforcement;
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
    NpgsqlDataSource dataSource, PlanningQueries queries, IOptions<PacingOptions> pacing, IOptions<DeliveryOptions> options,
    QuickCheckPlanning quickChecks, TimeProvider time, BotMetrics metrics, ILogger<DeliveryPlanner> logger)
{
    public static readonly TimeSpan Horizon = SellerPlan.Horizon;
    private const int PlanLockSpace = 0x504C414E; // "PLAN"

    public async Task<PlanSummary> PlanAllAsync(CancellationToken cancellationToken)
    {
        using var activity = BotTelemetry.Source.StartActivity("planner.plan_all");
        var started = time.GetTimestamp();
        var total = new PlanSummary(0, 0, 0, 0);
        var sellerIds = await queries.SellerIdsAsync(cancellationToken);
        foreach (var batch in sellerIds.Chunk(options.Value.PlanBatchSize))
            total += await PlanBatchAsync(batch, cancellationToken);
        metrics.Planned("all", sellerIds.Count, time.GetElapsedTime(started));
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
        var started = time.GetTimestamp();
        var summary = await PlanBatchAsync(sellerIds, cancellationToken);
        metrics.Planned("sellers", sellerIds.Length, time.GetElapsedTime(started));
        return summary;
    }

    private async Task<PlanSummary> PlanBatchAsync(long[] sellerIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(@Space, (id % 2147483647)::int) FROM unnest(@SellerIds) AS id ORDER BY id",
            new { Space = PlanLockSpace, SellerIds = sellerIds }, transaction);

        var sellers = await PlanningQueries.SellersAsync(connection, sellerIds);
        var inWindow = await PlanningQueries.MeetingsAsync(connection, sellerIds, now - TimeSpan.FromDays(1), now + Horizon);
        var matches = (await PlanningQueries.MatchesAsync(connection, [.. inWindow.Select(m => m.Id)])).ToLookup(m => m.MeetingId);
        var outbox = PostgresOutbox.On(connection, transaction);
        var deliveryRows = await outbox.LessonsAsync(sellerIds, cancellationToken);
        var deliveries = deliveryRows.ToLookup(d => d.SellerId);
        // A planned row's meeting may lie outside the window (long past): it still exists, and the row's reason must say so.
        var known = inWindow.Select(m => m.Id).ToHashSet();
        var meetings = inWindow.Concat(await PlanningQueries.MeetingsByIdAsync(connection, [.. deliveryRows
            .Where(d => d.Status == DeliveryStatus.Planned && d.MeetingId is { } id && !known.Contains(id)).Select(d => d.MeetingId!.Value).Distinct()]))
            .ToLookup(m => m.SellerId);
        var audiences = (await PlanningQueries.AudienceAsync(connection, sellerIds, now - TimeSpan.FromDays(90))).ToLookup(a => a.SellerId, a => a.PartnerId);
        var library = new PlanningLibrary(
            [.. (await PlanningQueries.PartnerLessonsAsync(connection, today)).Select(l => new LessonOption(l.LessonId, l.Version, l.PartnerId, l.ObjectiveKind))],
            [.. (await PlanningQueries.CampaignsAsync(connection, today))
                .Select(c => new CampaignLesson(c.LessonId, c.Version, c.Title, c.PartnerId, c.StartsLocal, c.RelevantUntil, c.PartnerSellersOnly))]);

        var memory = await quickChecks.LoadAsync(connection, outbox, sellerIds, now, cancellationToken);
        var changes = new OutboxChanges();
        var defaults = pacing.Value.ToRules();
        foreach (var seller in sellers)
        {
            var plan = SellerPlan.Plan(seller, defaults, [.. meetings[seller.Id]], matches, [.. deliveries[seller.Id]], audiences[seller.Id].ToHashSet(),
                library, now, changes);
            quickChecks.Plan(seller, plan.Lessons, meetings[seller.Id], matches, memory, now, changes);
        }
        var summary = await outbox.ApplyAsync(changes, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }
}
