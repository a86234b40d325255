using System.Text.Json;
using Dapper;
using Npgsql;

namespace LearningBot.Discussions;

/// <summary>A partner channel and the partners whose lessons it discusses.</summary>
internal sealed record DigestChannel(string Channel, string PartnerIdList, string PartnerNames)
{
    public string[] PartnerIds => PartnerIdList.Split(',');
}

/// <summary>A digest row this instance may work on; <paramref name="Reclaimed"/> when an earlier attempt may have posted it.</summary>
internal sealed record DigestClaim(long Id, bool Reclaimed);

internal sealed record DiscussedLesson(string LessonId, string Title, int Replies, string? Permalink);

internal sealed record MissedQuestion(string LessonTitle, string Prompt, string Kind, string Correct, int Missed, int Answered)
{
    /// <summary>The right answer as a seller would say it: the option, the options, or the pairs.</summary>
    public string RightAnswer()
    {
        using var json = JsonDocument.Parse(Correct);
        var root = json.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.String => root.GetString() ?? "",
            JsonValueKind.Array when Kind == "match" => string.Join("; ", root.EnumerateArray()
                .Select(p => $"{p.GetProperty("left").GetString()} → {p.GetProperty("right").GetString()}")),
            JsonValueKind.Array => string.Join(", ", root.EnumerateArray().Select(e => e.GetString())),
            _ => root.ToString(),
        };
    }
}

internal sealed record NewLesson(string LessonId, string Title);

/// <summary>What a week in a partner channel came to; nothing at all means no digest.</summary>
internal sealed record DigestContent(IReadOnlyList<DiscussedLesson> MostDiscussed, MissedQuestion? MostMissed, IReadOnlyList<NewLesson> NewLessons)
{
    public bool IsEmpty => MostDiscussed.Count == 0 && MostMissed is null && NewLessons.Count == 0;
}

/// <summary>Every statement on <c>discussion_digests</c>, and the week's numbers a digest reports.</summary>
internal sealed class DigestStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<DigestChannel>> ChannelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DigestChannel>(new CommandDefinition("""
            SELECT channel, string_agg(id, ',' ORDER BY id) AS partner_id_list, string_agg(name, ', ' ORDER BY name) AS partner_names
            FROM partners
            WHERE archived_at IS NULL AND channel IS NOT NULL
            GROUP BY channel
            ORDER BY channel
            """, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The first instance to ask gets the week's row; nobody else does until it is finished or its claim expires.
    /// A finished week (sent, skipped or failed) is never claimed again.
    /// </summary>
    public async Task<DigestClaim?> ClaimAsync(string channel, DateOnly weekOf, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DigestClaim>(new CommandDefinition("""
            INSERT INTO discussion_digests AS g (channel, week_of, status, claimed_until, created_at)
            VALUES (@channel, @weekOf, 'sending', @until, @now)
            ON CONFLICT (channel, week_of) DO UPDATE SET claimed_until = excluded.claimed_until
                WHERE g.status = 'sending' AND g.claimed_until < @now
            RETURNING id, g.xmax::text <> '0' AS reclaimed
            """, new { channel, weekOf, until = now + lease, now }, cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(long id, string status, string? channelId, string? messageTs, string? reason, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE discussion_digests
            SET status = @status, channel_id = @channelId, message_ts = @messageTs, reason = @reason, finished_at = @now, claimed_until = NULL
            WHERE id = @id
            """, new { id, status, channelId, messageTs, reason, now }, cancellationToken: cancellationToken));
    }

    /// <summary>The partners' week from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public async Task<DigestContent> ContentAsync(string[] partnerIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var week = new { partnerIds, from, to };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var discussed = await connection.QueryAsync<DiscussedLesson>(new CommandDefinition($"""
            SELECT l.id AS lesson_id, v.title, count(*)::int AS replies, (array_agg(d.permalink ORDER BY d.created_at))[1] AS permalink
            FROM discussion_replies r
            JOIN discussions d ON d.id = r.discussion_id
            JOIN lessons l ON l.id = d.lesson_id
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.partner_id = ANY(@partnerIds) AND {DiscussionStore.CountedReply} AND r.posted_at >= @from AND r.posted_at < @to
            GROUP BY l.id, v.title
            ORDER BY count(*) DESC, l.id
            LIMIT 3
            """, week, cancellationToken: cancellationToken));
        var missed = await connection.QuerySingleOrDefaultAsync<MissedQuestion>(new CommandDefinition("""
            SELECT v.title AS lesson_title, q.prompt, q.kind, q.correct::text AS correct,
                   (count(*) FILTER (WHERE a.score < 1))::int AS missed, count(*)::int AS answered
            FROM quiz_answers a
            JOIN quiz_questions q ON q.id = a.question_id
            JOIN lessons l ON l.id = q.lesson_id
            JOIN lesson_versions v ON v.lesson_id = q.lesson_id AND v.version = q.lesson_version
            WHERE l.partner_id = ANY(@partnerIds) AND a.answered_at >= @from AND a.answered_at < @to
            GROUP BY q.id, v.title
            HAVING count(*) FILTER (WHERE a.score < 1) > 0
            ORDER BY count(*) FILTER (WHERE a.score < 1) DESC, avg(a.score), q.id
            LIMIT 1
            """, week, cancellationToken: cancellationToken));
        var added = await connection.QueryAsync<NewLesson>(new CommandDefinition("""
            SELECT l.id AS lesson_id, v.title
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            WHERE l.partner_id = ANY(@partnerIds) AND l.archived_at IS NULL AND l.created_at >= @from AND l.created_at < @to
            ORDER BY v.title
            LIMIT 10
            """, week, cancellationToken: cancellationToken));
        return new DigestContent([.. discussed], missed, [.. added]);
    }
}
