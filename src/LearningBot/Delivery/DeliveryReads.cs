using Dapper;
using Npgsql;

namespace LearningBot.Delivery;

/// <summary>A sent lesson the seller has not finished, with where it is in Slack.</summary>
internal sealed record UnfinishedLesson(string LessonId, string Title, string Trigger, string? SlackChannel, string? SlackTs)
{
    /// <summary>The seller asked for it (it does not count towards the unfinished-lessons limit).</summary>
    public bool Pulled => Trigger == DeliveryTrigger.User;
}

/// <summary>A planned lesson or quick check, with its title and the reason it is planned.</summary>
internal sealed record UpcomingDelivery(string LessonId, string Title, DateTimeOffset DueAt, string Reason);

/// <summary>Where the seller is with one lesson: the newest row's status (a finished one first) and when they last finished it.</summary>
internal sealed record LessonProgress(string LessonId, DeliveryStatus? Status, DateTimeOffset? CompletedAt);

/// <summary>What a card needs of its delivery: the lesson version it was planned with, why, and for which meeting.</summary>
internal sealed record CardDelivery(
    long Id, long SellerId, string Kind, string Trigger, string LessonId, int LessonVersion, long? QuestionId, string Reason,
    string? MeetingTitle, DateTimeOffset? MeetingStart, string SellerTimeZone)
{
    public bool IsQuickCheck => Kind == DeliveryKind.QuickCheck;
}

/// <summary>What one clock jump did: lessons sent since, to the seller who jumped and to others, and others' due lessons missed.</summary>
internal sealed record DeliveriesSince(int Sent, int SentToOthers, int MissedByOthers);

/// <summary>
/// The outbox as Learn, App Home, quizzes, reinforcement and the sandbox read it. Only Delivery writes the deliveries table;
/// every other feature reads it through here.
/// </summary>
internal sealed class DeliveryReads(NpgsqlDataSource dataSource)
{
    /// <summary>Lessons the seller has, has coming, or finished once: /learn next picks none of them.</summary>
    public async Task<string[]> LessonsHadAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT lesson_id FROM deliveries
            WHERE seller_id = @SellerId AND (status IN ('planned', 'sending', 'sent') OR completed_at IS NOT NULL)
            """, new { SellerId = sellerId }, cancellationToken: cancellationToken))];
    }

    public async Task<IReadOnlyDictionary<string, LessonProgress>> ProgressAsync(long sellerId, string[] lessonIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<LessonProgress>(new CommandDefinition("""
            SELECT l.id AS lesson_id,
                   (SELECT d.status FROM deliveries d WHERE d.seller_id = @SellerId AND d.lesson_id = l.id
                    ORDER BY d.completed_at IS NOT NULL DESC, d.updated_at DESC LIMIT 1) AS status,
                   (SELECT max(d.completed_at) FROM deliveries d WHERE d.seller_id = @SellerId AND d.lesson_id = l.id) AS completed_at
            FROM unnest(@LessonIds) AS l(id)
            """, new { SellerId = sellerId, LessonIds = lessonIds }, cancellationToken: cancellationToken)))
            .ToDictionary(p => p.LessonId);
    }

    /// <summary>The seller's planned lessons, soonest first.</summary>
    public Task<IReadOnlyList<UpcomingDelivery>> PlannedLessonsAsync(long sellerId, int limit, CancellationToken cancellationToken) =>
        PlannedAsync(sellerId, DeliveryKind.Lesson, limit, cancellationToken);

    /// <summary>The seller's planned quick checks, soonest first.</summary>
    public Task<IReadOnlyList<UpcomingDelivery>> PlannedQuickChecksAsync(long sellerId, int limit, CancellationToken cancellationToken) =>
        PlannedAsync(sellerId, DeliveryKind.QuickCheck, limit, cancellationToken);

    private async Task<IReadOnlyList<UpcomingDelivery>> PlannedAsync(long sellerId, string kind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<UpcomingDelivery>(new CommandDefinition("""
            SELECT d.lesson_id, v.title, d.due_at, d.reason
            FROM deliveries d JOIN lesson_versions v ON v.lesson_id = d.lesson_id AND v.version = d.lesson_version
            WHERE d.seller_id = @SellerId AND d.kind = @Kind AND d.status = 'planned'
            ORDER BY d.due_at, d.id LIMIT @Limit
            """, new { SellerId = sellerId, Kind = kind, Limit = limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>When the seller finished each lesson they finished.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> CompletionsAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(
            "SELECT completed_at FROM deliveries WHERE seller_id = @SellerId AND kind = 'lesson' AND completed_at IS NOT NULL",
            new { SellerId = sellerId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Sent lessons the seller has not finished, oldest first.</summary>
    public async Task<IReadOnlyList<UnfinishedLesson>> UnfinishedLessonsAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<UnfinishedLesson>(new CommandDefinition("""
            SELECT d.lesson_id, v.title, d.trigger, d.slack_channel, d.slack_ts
            FROM deliveries d JOIN lesson_versions v ON v.lesson_id = d.lesson_id AND v.version = d.lesson_version
            WHERE d.seller_id = @SellerId AND d.kind = 'lesson' AND d.status = 'sent' AND d.completed_at IS NULL
            ORDER BY d.sent_at, d.id
            """, new { SellerId = sellerId }, cancellationToken: cancellationToken))];
    }

    public async Task<CardDelivery?> CardAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CardDelivery>(new CommandDefinition("""
            SELECT d.id, d.seller_id, d.kind, d.trigger, d.lesson_id, d.lesson_version, d.question_id, d.reason,
                   m.title AS meeting_title, m.starts_at AS meeting_start, s.time_zone AS seller_time_zone
            FROM deliveries d
            JOIN sellers s ON s.id = d.seller_id
            LEFT JOIN meetings m ON m.id = d.meeting_id
            WHERE d.id = @DeliveryId
            """, new { DeliveryId = deliveryId }, cancellationToken: cancellationToken));
    }

    /// <summary>The soonest planned delivery of the seller with this Slack user id, if any.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(string? slackUserId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition("""
            SELECT min(d.due_at)
            FROM deliveries d JOIN sellers s ON s.id = d.seller_id
            WHERE d.status = 'planned' AND s.slack_user_id = @SlackUserId
            """, new { SlackUserId = slackUserId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Lessons sent since <paramref name="from"/>, to the seller with this Slack user id and to everyone else, and others' lessons
    /// due by <paramref name="now"/> that were skipped or cancelled since.
    /// </summary>
    public async Task<DeliveriesSince> SinceAsync(string? slackUserId, DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<DeliveriesSince>(new CommandDefinition("""
            SELECT count(*) FILTER (WHERE d.sent_at >= @From AND s.slack_user_id IS NOT DISTINCT FROM @SlackUserId)::int AS sent,
                   count(*) FILTER (WHERE d.sent_at >= @From AND s.slack_user_id IS DISTINCT FROM @SlackUserId)::int AS sent_to_others,
                   count(*) FILTER (WHERE d.status IN ('skipped', 'cancelled') AND d.updated_at >= @From AND d.due_at <= @Now
                                    AND s.slack_user_id IS DISTINCT FROM @SlackUserId)::int AS missed_by_others
            FROM deliveries d JOIN sellers s ON s.id = d.seller_id
            WHERE d.kind = 'lesson' AND (d.sent_at >= @From OR d.updated_at >= @From)
            """, new { SlackUserId = slackUserId, From = from, Now = now }, cancellationToken: cancellationToken));
    }
}
