using Dapper;
using LearningBot.Delivery;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>A lesson a seller asked for (/learn next, a Start button): an outbox row due now, sent straight away (that row only).</summary>
internal sealed class LessonRequests(NpgsqlDataSource dataSource, LessonOutbox outbox, DeliveryReads deliveries)
{
    internal sealed record Requested(string LessonId, string Title, bool AlreadyHad);

    /// <summary>The next lesson in the seller's plan: partners they deal with first, each in objective order.</summary>
    public async Task<Requested?> NextAsync(long sellerId, CancellationToken cancellationToken)
    {
        var had = await deliveries.LessonsHadAsync(sellerId, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.QueryFirstOrDefaultAsync<(string Id, string Title)?>(new CommandDefinition("""
            WITH audience AS (
                SELECT mp.partner_id FROM meetings m JOIN meeting_partners mp ON mp.meeting_id = m.id WHERE m.seller_id = @SellerId
                UNION SELECT o.partner_id FROM opportunities o JOIN sellers s ON s.email = o.owner_email WHERE s.id = @SellerId AND NOT o.closed
            )
            SELECT l.id, v.title
            FROM lessons l JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.archived_at IS NULL
              AND NOT (l.id = ANY(@Had))
            ORDER BY l.partner_id IN (SELECT partner_id FROM audience) DESC,
                     l.partner_id IS NULL,
                     array_position(@Order, l.objective_kind), l.partner_id, l.id
            LIMIT 1
            """, new { SellerId = sellerId, Had = had, Order = MeetingLessonPlan.ObjectiveOrder }, cancellationToken: cancellationToken));
        return next is { } found ? await SendAsync(sellerId, found.Id, "You asked for your next lesson with /learn next", cancellationToken) : null;
    }

    /// <summary>Sends this lesson now unless the seller already has it.</summary>
    public async Task<Requested?> SendAsync(long sellerId, string lessonId, string reason, CancellationToken cancellationToken)
    {
        (string Title, int Version)? lesson;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            lesson = await connection.QuerySingleOrDefaultAsync<(string Title, int Version)?>(new CommandDefinition("""
                SELECT v.title, l.current_version FROM lessons l JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
                WHERE l.id = @LessonId AND l.archived_at IS NULL
                """, new { LessonId = lessonId }, cancellationToken: cancellationToken));
        }
        if (lesson is not { } found)
            return null;
        var requested = await outbox.RequestNowAsync(sellerId, lessonId, found.Version, reason, cancellationToken);
        return new Requested(lessonId, found.Title, AlreadyHad: !requested);
    }
}
