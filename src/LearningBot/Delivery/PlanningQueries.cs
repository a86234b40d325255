using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>
/// What planning and dispatching read besides the outbox: sellers' settings, calendars, partner matches and lessons. Every
/// query takes a batch of sellers, so planning ten thousand sellers costs a handful of round trips per batch.
/// </summary>
internal sealed class PlanningQueries(NpgsqlDataSource dataSource)
{
    internal sealed record LessonRow(string LessonId, int Version, string PartnerId, string ObjectiveKind);

    internal sealed record AudienceRow(long SellerId, string PartnerId);

    internal sealed record CampaignRow(
        string LessonId, int Version, string Title, string? PartnerId, DateTime StartsLocal, DateOnly? RelevantUntil, bool PartnerSellersOnly);

    public async Task<IReadOnlyList<long>> SellerIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM sellers ORDER BY id", cancellationToken: cancellationToken))];
    }

    public static async Task<IReadOnlyList<PlanningSeller>> SellersAsync(NpgsqlConnection connection, long[] sellerIds) =>
        [.. await connection.QueryAsync<PlanningSeller>("""
            SELECT id, time_zone, settings::text AS settings, paused_until
            FROM sellers WHERE id = ANY(@SellerIds)
            """, new { SellerIds = sellerIds })];

    public static async Task<IReadOnlyList<PlanningMeeting>> MeetingsAsync(
        NpgsqlConnection connection, long[] sellerIds, DateTimeOffset from, DateTimeOffset until) =>
        [.. await connection.QueryAsync<PlanningMeeting>("""
            SELECT id, seller_id, title, starts_at, ends_at, cancelled
            FROM meetings
            WHERE seller_id = ANY(@SellerIds) AND ends_at > @From AND starts_at < @Until
            ORDER BY seller_id, starts_at, id
            """, new { SellerIds = sellerIds, From = from, Until = until })];

    public static async Task<IReadOnlyList<PlanningMeeting>> MeetingsByIdAsync(NpgsqlConnection connection, long[] meetingIds) =>
        meetingIds.Length == 0 ? [] : [.. await connection.QueryAsync<PlanningMeeting>("""
            SELECT id, seller_id, title, starts_at, ends_at, cancelled FROM meetings WHERE id = ANY(@MeetingIds)
            """, new { MeetingIds = meetingIds })];

    public static async Task<IReadOnlyList<PlanningMatch>> MatchesAsync(NpgsqlConnection connection, long[] meetingIds) =>
        [.. await connection.QueryAsync<PlanningMatch>("""
            SELECT mp.meeting_id, mp.partner_id, p.name AS partner_name, mp.reason
            FROM meeting_partners mp
            JOIN partners p ON p.id = mp.partner_id AND p.archived_at IS NULL
            WHERE mp.meeting_id = ANY(@MeetingIds)
            """, new { MeetingIds = meetingIds })];

    /// <summary>Partners each seller met (in the last 90 days or coming up) or owns an open opportunity with.</summary>
    public static async Task<IReadOnlyList<AudienceRow>> AudienceAsync(NpgsqlConnection connection, long[] sellerIds, DateTimeOffset since) =>
        [.. await connection.QueryAsync<AudienceRow>("""
            SELECT m.seller_id, mp.partner_id
            FROM meetings m JOIN meeting_partners mp ON mp.meeting_id = m.id
            WHERE m.seller_id = ANY(@SellerIds) AND m.starts_at >= @Since
            UNION
            SELECT s.id, o.partner_id
            FROM opportunities o JOIN sellers s ON s.email = o.owner_email
            WHERE s.id = ANY(@SellerIds) AND NOT o.closed
            """, new { SellerIds = sellerIds, Since = since })];

    /// <summary>Current, unarchived partner lessons (not campaigns) available on the given day.</summary>
    public static async Task<IReadOnlyList<LessonRow>> PartnerLessonsAsync(NpgsqlConnection connection, DateOnly day) =>
        [.. await connection.QueryAsync<LessonRow>("""
            SELECT l.id AS lesson_id, l.current_version AS version, l.partner_id, l.objective_kind
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.archived_at IS NULL AND l.partner_id IS NOT NULL AND v.campaign_starts IS NULL
              AND (v.available_from IS NULL OR v.available_from <= @Day)
              AND (v.relevant_until IS NULL OR v.relevant_until >= @Day)
            ORDER BY l.partner_id, l.id
            """, new { Day = day })];

    public static async Task<IReadOnlyList<CampaignRow>> CampaignsAsync(NpgsqlConnection connection, DateOnly today) =>
        [.. await connection.QueryAsync<CampaignRow>("""
            SELECT l.id AS lesson_id, l.current_version AS version, v.title, l.partner_id,
                   v.campaign_starts AS starts_local, v.relevant_until, v.campaign_audience = 'partner-sellers' AS partner_sellers_only
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.archived_at IS NULL
              AND v.campaign_starts IS NOT NULL
              AND (v.relevant_until IS NULL OR v.relevant_until >= @Today)
            """, new { Today = today })];
}
