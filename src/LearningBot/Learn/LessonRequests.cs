using Dapper;
using LearningBot.Delivery;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>A lesson a seller asked for (/learn next, a Start button): an outbox row due now, sent straight away.</summary>
internal sealed class LessonRequests(NpgsqlDataSource dataSource, Dispatcher dispatcher, TimeProvider time)
{
    internal sealed record Requested(string LessonId, string Title, bool AlreadyHad);

    /// <summary>The next lesson in the seller's plan: partners they deal with first, each in objective order.</summary>
    public async Task<Requested?> NextAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.QueryFirstOrDefaultAsync<(string Id, string Title)?>(new CommandDefinition("""
            WITH audience AS (
                SELECT mp.partner_id FROM meetings m JOIN meeting_partners mp ON mp.meeting_id = m.id WHERE m.seller_id = @sellerId
                UNION SELECT o.partner_id FROM opportunities o JOIN sellers s ON s.email = o.owner_email WHERE s.id = @sellerId AND NOT o.closed
            )
            SELECT l.id, v.title
            FROM lessons l JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.archived_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seller_id = @sellerId AND d.lesson_id = l.id
                              AND (d.status IN ('planned', 'sending', 'sent') OR d.completed_at IS NOT NULL))
            ORDER BY l.partner_id IN (SELECT partner_id FROM audience) DESC,
                     l.partner_id IS NULL,
                     array_position(@order, l.objective_kind), l.partner_id, l.id
            LIMIT 1
            """, new { sellerId, order = MeetingLessonPlan.ObjectiveOrder }, cancellationToken: cancellationToken));
        return next is { } found ? await SendAsync(sellerId, found.Id, "You asked for your next lesson with /learn next", cancellationToken) : null;
    }

    /// <summary>Sends this lesson now unless the seller already has it.</summary>
    public async Task<Requested?> SendAsync(long sellerId, string lessonId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var title = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
                SELECT v.title FROM lessons l JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
                WHERE l.id = @lessonId AND l.archived_at IS NULL
                """, new { lessonId }, cancellationToken: cancellationToken));
            if (title is null)
                return null;
            // A meeting or campaign row planned for later is replaced by this one: the seller wants it now.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE deliveries SET status = 'cancelled', reason = reason || '; sent earlier on request', updated_at = @now
                WHERE seller_id = @sellerId AND lesson_id = @lessonId AND kind = 'lesson' AND status = 'planned'
                """, new { sellerId, lessonId, now }, cancellationToken: cancellationToken));
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, created_at, updated_at)
                SELECT @sellerId, 'lesson', 'user', l.id, l.current_version, 'planned', @now, @reason, @now, @now
                FROM lessons l WHERE l.id = @lessonId
                ON CONFLICT DO NOTHING
                """, new { sellerId, lessonId, reason, now }, cancellationToken: cancellationToken));
            if (inserted == 0)
                return new Requested(lessonId, title, AlreadyHad: true);
            await dispatcher.DispatchAsync(cancellationToken);
            return new Requested(lessonId, title, AlreadyHad: false);
        }
    }
}
