using Dapper;
using LearningBot.Delivery;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>What /learn partner and /learn stats show: a partner's lessons with the seller's progress, and the seller's numbers.</summary>
internal sealed class LearnQueries(NpgsqlDataSource dataSource, DeliveryReads deliveries)
{
    internal sealed record PartnerLesson(string PartnerName, string LessonId, string Title, string ObjectiveKind, DeliveryStatus? Status, DateTimeOffset? CompletedAt);

    private sealed record LessonRow(string PartnerName, string LessonId, string Title, string ObjectiveKind);

    internal sealed record Stats(int Completed, decimal? Accuracy, int WeekStreak, int Unfinished);

    public async Task<IReadOnlyList<PartnerLesson>> PartnerLessonsAsync(long sellerId, string name, CancellationToken cancellationToken)
    {
        List<LessonRow> lessons;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            lessons = [.. await connection.QueryAsync<LessonRow>(new CommandDefinition("""
            WITH partner AS (
                SELECT id, name FROM partners
                WHERE archived_at IS NULL
                  AND (lower(name) = lower(@Name) OR lower(id) = lower(@Name) OR lower(@Name) = ANY(SELECT lower(a) FROM unnest(aliases) a)
                       OR name ILIKE @Prefix)
                ORDER BY lower(name) = lower(@Name) DESC, name
                LIMIT 1
            )
            SELECT p.name AS partner_name, l.id AS lesson_id, v.title, l.objective_kind
            FROM partner p
            JOIN lessons l ON l.partner_id = p.id AND l.archived_at IS NULL
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            ORDER BY array_position(@Order, l.objective_kind), l.id
            """, new { Name = name, Prefix = name + "%", Order = MeetingLessonPlan.ObjectiveOrder }, cancellationToken: cancellationToken))];
        }
        var progress = await deliveries.ProgressAsync(sellerId, [.. lessons.Select(l => l.LessonId)], cancellationToken);
        return [.. lessons.Select(l => new PartnerLesson(l.PartnerName, l.LessonId, l.Title, l.ObjectiveKind,
            progress.GetValueOrDefault(l.LessonId)?.Status, progress.GetValueOrDefault(l.LessonId)?.CompletedAt))];
    }

    /// <summary>The seller's next planned lesson, if any.</summary>
    public async Task<UpcomingDelivery?> NextPlannedAsync(long sellerId, CancellationToken cancellationToken) =>
        (await deliveries.PlannedLessonsAsync(sellerId, 1, cancellationToken)).FirstOrDefault();

    public async Task<Stats> StatsAsync(long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var completed = await deliveries.CompletionsAsync(sellerId, cancellationToken);
        var unfinished = (await deliveries.UnfinishedLessonsAsync(sellerId, cancellationToken)).Count;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var accuracy = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
            "SELECT round(avg(score), 3) FROM quiz_answers WHERE seller_id = @SellerId", new { SellerId = sellerId }, cancellationToken: cancellationToken));
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
