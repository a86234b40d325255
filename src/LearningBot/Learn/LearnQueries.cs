using Dapper;
using LearningBot.Delivery;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>What /learn partner and /learn stats show: a partner's lessons with the seller's progress, and the seller's numbers.</summary>
internal sealed class LearnQueries(NpgsqlDataSource dataSource)
{
    internal sealed record PartnerLesson(string PartnerName, string LessonId, string Title, string ObjectiveKind, string? Status, DateTimeOffset? CompletedAt);

    internal sealed record Stats(int Completed, decimal? Accuracy, int WeekStreak, int Unfinished);

    public async Task<IReadOnlyList<PartnerLesson>> PartnerLessonsAsync(long sellerId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<PartnerLesson>(new CommandDefinition("""
            WITH partner AS (
                SELECT id, name FROM partners
                WHERE archived_at IS NULL
                  AND (lower(name) = lower(@name) OR lower(id) = lower(@name) OR lower(@name) = ANY(SELECT lower(a) FROM unnest(aliases) a)
                       OR name ILIKE @prefix)
                ORDER BY lower(name) = lower(@name) DESC, name
                LIMIT 1
            )
            SELECT p.name AS partner_name, l.id AS lesson_id, v.title, l.objective_kind,
                   (SELECT d.status FROM deliveries d WHERE d.seller_id = @sellerId AND d.lesson_id = l.id
                    ORDER BY d.completed_at IS NOT NULL DESC, d.updated_at DESC LIMIT 1) AS status,
                   (SELECT max(d.completed_at) FROM deliveries d WHERE d.seller_id = @sellerId AND d.lesson_id = l.id) AS completed_at
            FROM partner p
            JOIN lessons l ON l.partner_id = p.id AND l.archived_at IS NULL
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            ORDER BY array_position(@order, l.objective_kind), l.id
            """, new { sellerId, name, prefix = name + "%", order = MeetingLessonPlan.ObjectiveOrder }, cancellationToken: cancellationToken))];
    }

    internal sealed record PlannedLesson(string Title, DateTimeOffset DueAt, string Reason);

    /// <summary>The seller's next planned lesson, if any.</summary>
    public async Task<PlannedLesson?> NextPlannedAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<PlannedLesson>(new CommandDefinition("""
            SELECT v.title, d.due_at, d.reason
            FROM deliveries d JOIN lesson_versions v ON v.lesson_id = d.lesson_id AND v.version = d.lesson_version
            WHERE d.seller_id = @sellerId AND d.kind = 'lesson' AND d.status = 'planned'
            ORDER BY d.due_at, d.id LIMIT 1
            """, new { sellerId }, cancellationToken: cancellationToken));
    }

    public async Task<Stats> StatsAsync(long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var completed = (await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(
            "SELECT completed_at FROM deliveries WHERE seller_id = @sellerId AND kind = 'lesson' AND completed_at IS NOT NULL",
            new { sellerId }, cancellationToken: cancellationToken))).ToList();
        var accuracy = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
            "SELECT round(avg(score), 3) FROM quiz_answers WHERE seller_id = @sellerId", new { sellerId }, cancellationToken: cancellationToken));
        var unfinished = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM deliveries WHERE seller_id = @sellerId AND kind = 'lesson' AND status = 'sent' AND completed_at IS NULL",
            new { sellerId }, cancellationToken: cancellationToken));
        return new Stats(completed.Count, accuracy, WeekStreak(completed, now), unfinished);
    }

    /// <summary>Consecutive weeks, ending this week or last, with at least one completed lesson.</summary>
    private static int WeekStreak(IReadOnlyCollection<DateTimeOffset> completed, DateTimeOffset now)
    {
        var weeks = completed.Select(c => WorkingCalendar.WeekStart(DateOnly.FromDateTime(c.UtcDateTime))).ToHashSet();
        var week = WorkingCalendar.WeekStart(DateOnly.FromDateTime(now.UtcDateTime));
        if (!weeks.Contains(week))
            week = week.AddDays(-7);
        var streak = 0;
        while (weeks.Contains(week))
        {
            streak++;
            week = week.AddDays(-7);
        }
        return streak;
    }
}
