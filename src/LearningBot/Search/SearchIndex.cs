using Dapper;
using Npgsql;

namespace LearningBot.Search;

/// <summary>
/// Rebuilds the search rows of lessons from their current version, quiz, media and discussion replies. The importer
/// calls it for the lessons it touched and the discussion handlers for the lesson a reply belongs to.
/// </summary>
internal static class SearchIndex
{
    /// <summary>Lessons an import touched at <paramref name="changedAt"/> (their own row or their partner's), and any not indexed yet.</summary>
    public static async Task RefreshChangedAsync(NpgsqlConnection connection, DateTimeOffset changedAt, NpgsqlTransaction? transaction = null)
    {
        var lessonIds = (await connection.QueryAsync<string>("""
            SELECT l.id
            FROM lessons l
            LEFT JOIN lesson_search s ON s.lesson_id = l.id
            LEFT JOIN partners p ON p.id = l.partner_id
            WHERE s.lesson_id IS NULL OR l.updated_at = @changedAt OR p.updated_at = @changedAt
            """, new { changedAt }, transaction)).ToList();
        foreach (var batch in lessonIds.Chunk(200))
            await RefreshAsync(connection, batch, transaction);
    }

    /// <summary>
    /// A question's options as a seller would read them, so snippets show words and not JSON: choice and pick options
    /// joined by "; ", match pairs as "left → right" (then the distractors).
    /// </summary>
    internal const string ReadableOptions = """
        CASE jsonb_typeof(q.options)
            WHEN 'array' THEN (SELECT string_agg(o, '; ') FROM jsonb_array_elements_text(q.options) o)
            ELSE concat_ws('; ',
                (SELECT string_agg(concat_ws(' → ', p ->> 'left', p ->> 'right'), '; ') FROM jsonb_array_elements(q.options -> 'pairs') p),
                CASE jsonb_typeof(q.options -> 'distractors')
                    WHEN 'array' THEN (SELECT string_agg(d, '; ') FROM jsonb_array_elements_text(q.options -> 'distractors') d)
                END)
        END
        """;

    /// <summary>
    /// Rebuilds the search rows of these lessons: their texts, one weighted vector per non-empty field (title, objective
    /// and partner names 1.0; quiz 0.6; transcripts, alt text and body 0.3; discussion replies 0.1) and their words in
    /// the typo lexicon. Archived lessons keep their texts but no field rows, so nothing finds them.
    /// </summary>
    public static async Task RefreshAsync(NpgsqlConnection connection, IReadOnlyCollection<string> lessonIds, NpgsqlTransaction? transaction = null)
    {
        if (lessonIds.Count == 0)
            return;
        // Refreshes of the same lessons (a reply while an import runs) take the lessons' locks in one order, and insert
        // words in one order, so they wait for each other instead of deadlocking.
        await connection.ExecuteAsync($$"""
            SELECT pg_advisory_xact_lock(hashtextextended('lesson_search:' || id, 0))
            FROM (SELECT DISTINCT id FROM unnest(@lessonIds) AS id ORDER BY id) AS ids;

            DELETE FROM lesson_search_fields WHERE lesson_id = ANY(@lessonIds);

            WITH fields AS (
                SELECT l.id AS lesson_id, l.partner_id, l.archived_at IS NOT NULL AS archived,
                       v.title, v.objective, v.body_markdown AS body_text,
                       coalesce(p.name || ' ' || array_to_string(p.aliases, ' '), '') AS partner_names,
                       coalesce((SELECT string_agg(concat_ws(' ', q.prompt, {{ReadableOptions}}, q.explanation), E'\n' ORDER BY q.position)
                                 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.lesson_version = v.version), '') AS quiz_text,
                       coalesce((SELECT string_agg(m ->> 'transcript', E'\n') FROM jsonb_array_elements(v.media) m
                                 WHERE m ->> 'transcript' IS NOT NULL), '') AS transcript_text,
                       coalesce((SELECT string_agg(m ->> 'alt', E'\n') FROM jsonb_array_elements(v.media) m
                                 WHERE m ->> 'alt' IS NOT NULL), '') AS alt_text,
                       coalesce((SELECT string_agg(r.text, E'\n' ORDER BY r.posted_at)
                                 FROM discussions d JOIN discussion_replies r ON r.discussion_id = d.id AND r.deleted_at IS NULL
                                 WHERE d.lesson_id = l.id), '') AS discussion_text,
                       (SELECT d.channel_id FROM discussions d WHERE d.lesson_id = l.id ORDER BY d.created_at LIMIT 1) AS discussion_channel
                FROM lessons l
                JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
                LEFT JOIN partners p ON p.id = l.partner_id
                WHERE l.id = ANY(@lessonIds)
            ), upserted AS (
                INSERT INTO lesson_search AS s (lesson_id, partner_id, title, objective, partner_names, quiz_text, transcript_text,
                                                alt_text, body_text, discussion_text, discussion_channel, archived)
                SELECT lesson_id, partner_id, title, objective, partner_names, quiz_text, transcript_text, alt_text, body_text,
                       discussion_text, discussion_channel, archived
                FROM fields
                ON CONFLICT (lesson_id) DO UPDATE SET
                    partner_id = excluded.partner_id, title = excluded.title, objective = excluded.objective,
                    partner_names = excluded.partner_names, quiz_text = excluded.quiz_text,
                    transcript_text = excluded.transcript_text, alt_text = excluded.alt_text, body_text = excluded.body_text,
                    discussion_text = excluded.discussion_text, discussion_channel = excluded.discussion_channel,
                    archived = excluded.archived
                RETURNING s.lesson_id
            ), field_rows AS (
                INSERT INTO lesson_search_fields (lesson_id, field, weight, vector)
                SELECT f.lesson_id, x.field, x.weight, x.vector
                FROM fields f
                CROSS JOIN LATERAL (VALUES (1, 1.0, to_tsvector('english', f.title)), (2, 1.0, to_tsvector('english', f.objective)),
                                           (3, 1.0, to_tsvector('english', f.partner_names)), (4, 0.6, to_tsvector('english', f.quiz_text)),
                                           (5, 0.3, to_tsvector('english', f.transcript_text)), (6, 0.3, to_tsvector('english', f.alt_text)),
                                           (7, 0.3, to_tsvector('english', f.body_text)), (8, 0.1, to_tsvector('english', f.discussion_text)))
                     AS x(field, weight, vector)
                WHERE NOT f.archived AND x.vector <> ''::tsvector
                ON CONFLICT (lesson_id, field) DO UPDATE SET weight = excluded.weight, vector = excluded.vector -- a concurrent refresh
            )
            INSERT INTO search_words (word)
            SELECT DISTINCT word
            FROM fields f,
                 unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', f.title, f.objective, f.partner_names, f.quiz_text,
                        f.transcript_text, f.alt_text, f.body_text, f.discussion_text)))) AS word
            WHERE length(word) >= 3 AND word !~ '^[0-9]+$'
            ORDER BY word
            ON CONFLICT DO NOTHING
            """, new { lessonIds = lessonIds.ToArray() }, transaction);
    }
}
