using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>What the planner reads about one seller: settings, calendar, partner matches, lessons and history.</summary>
internal sealed class PlanningQueries(NpgsqlDataSource dataSource)
{
    internal sealed record SellerRow(long Id, string TimeZone, string Settings, DateTimeOffset? PausedUntil);

    internal sealed record MeetingRow(long Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Cancelled);

    internal sealed record MatchRow(long MeetingId, string PartnerId, string PartnerName, string Reason);

    internal sealed record DeliveryRow(
        long Id, string LessonId, long? MeetingId, string Trigger, string Status, DateTimeOffset DueAt,
        DateTimeOffset? SentAt, DateTimeOffset? CompletedAt, string Reason);

    internal sealed record LessonRow(string LessonId, int Version, string PartnerId, string ObjectiveKind);

    public async Task<IReadOnlyList<long>> SellersWithMeetingsAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT DISTINCT m.seller_id
            FROM meetings m
            WHERE m.starts_at >= @from AND m.starts_at < @until
            UNION
            SELECT d.seller_id FROM deliveries d WHERE d.status = 'planned' AND d.trigger = 'meeting'
            """, new { from, until }, cancellationToken: cancellationToken))];
    }

    public static async Task<SellerRow?> SellerAsync(NpgsqlConnection connection, long sellerId) =>
        await connection.QuerySingleOrDefaultAsync<SellerRow>("""
            SELECT id, time_zone, settings::text AS settings, paused_until
            FROM sellers WHERE id = @sellerId
            """, new { sellerId });

    public static async Task<IReadOnlyList<MeetingRow>> MeetingsAsync(
        NpgsqlConnection connection, long sellerId, DateTimeOffset from, DateTimeOffset until) =>
        [.. await connection.QueryAsync<MeetingRow>("""
            SELECT id, title, starts_at, ends_at, cancelled
            FROM meetings
            WHERE seller_id = @sellerId AND ends_at > @from AND starts_at < @until
            ORDER BY starts_at, id
            """, new { sellerId, from, until })];

    public static async Task<IReadOnlyList<MatchRow>> MatchesAsync(NpgsqlConnection connection, IReadOnlyCollection<long> meetingIds) =>
        [.. await connection.QueryAsync<MatchRow>("""
            SELECT mp.meeting_id, mp.partner_id, p.name AS partner_name, mp.reason
            FROM meeting_partners mp
            JOIN partners p ON p.id = mp.partner_id AND p.archived_at IS NULL
            WHERE mp.meeting_id = ANY(@meetingIds)
            """, new { meetingIds = meetingIds.ToArray() })];

    public static async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(NpgsqlConnection connection, long sellerId) =>
        [.. await connection.QueryAsync<DeliveryRow>("""
            SELECT id, lesson_id, meeting_id, trigger, status, due_at, sent_at, completed_at, reason
            FROM deliveries
            WHERE seller_id = @sellerId AND kind = 'lesson' AND status IN ('planned', 'sending', 'sent', 'skipped')
            """, new { sellerId })];

    /// <summary>Current, unarchived lessons of these partners that are available on the given day.</summary>
    public static async Task<IReadOnlyList<LessonRow>> LessonsAsync(NpgsqlConnection connection, IReadOnlyCollection<string> partnerIds, DateOnly day) =>
        [.. await connection.QueryAsync<LessonRow>("""
            SELECT l.id AS lesson_id, l.current_version AS version, l.partner_id, l.objective_kind
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.archived_at IS NULL
              AND l.partner_id = ANY(@partnerIds)
              AND (v.available_from IS NULL OR v.available_from <= @day)
              AND (v.relevant_until IS NULL OR v.relevant_until >= @day)
            """, new { partnerIds = partnerIds.ToArray(), day })];
}
