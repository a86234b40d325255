using System.Text.RegularExpressions;
using Dapper;
using LearningBot.Slack.BlockKit;
using Npgsql;

namespace LearningBot.Search;

/// <summary>One search result: the lesson, and the field and words that made it match, ready for Slack.</summary>
internal sealed record SearchHit(string LessonId, string Title, string? PartnerId, string? PartnerName, string MatchedIn, string Snippet, double Rank);

/// <summary>
/// Finds lessons by whatever stuck with a seller: full-text over every field with weights, typo correction from the
/// lexicon of indexed words, a boost for lessons of a partner named in the query, and an explanation per hit.
/// </summary>
internal sealed partial class LessonSearch(NpgsqlDataSource dataSource)
{
    private const char Mark = '\u0001';

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 2).Distinct().Take(12).ToArray();
        if (words.Length == 0)
            return [];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var corrected = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT coalesce(
                       (SELECT w.word FROM search_words w WHERE w.word = t.word),
                       (SELECT w.word FROM search_words w WHERE length(t.word) >= 4 AND w.word % t.word
                        ORDER BY similarity(w.word, t.word) DESC, w.word LIMIT 1),
                       t.word)
            FROM unnest(@words) WITH ORDINALITY AS t(word, n)
            ORDER BY t.n
            """, new { words }, cancellationToken: cancellationToken))).ToArray();

        var hits = await QueryAsync(connection, corrected, words, matchAll: true, limit, cancellationToken);
        if (hits.Count == 0 && corrected.Length > 1)
            hits = await QueryAsync(connection, corrected, words, matchAll: false, limit, cancellationToken);
        return hits;
    }

    private sealed record Row(string LessonId, string Title, string? PartnerId, string? PartnerName, string Field, string Headline, string? Channel, double Rank);

    private static async Task<IReadOnlyList<SearchHit>> QueryAsync(
        NpgsqlConnection connection, string[] corrected, string[] original, bool matchAll, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($$"""
            WITH q AS (
                SELECT {{(matchAll
                    ? "plainto_tsquery('english', @joined)"
                    : "replace(plainto_tsquery('english', @joined)::text, '&', '|')::tsquery")}} AS query
            ), mentioned AS (
                SELECT p.id FROM partners p
                WHERE EXISTS (SELECT 1 FROM unnest(@original) w
                              WHERE w = ANY(string_to_array(lower(p.name || ' ' || array_to_string(p.aliases, ' ')), ' ')))
            ), ranked AS (
                SELECT s.*, q.query,
                       ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', s.document, q.query)
                       + CASE WHEN s.partner_id IN (SELECT id FROM mentioned) THEN 1.0 ELSE 0 END
                       + similarity(s.title, @joined) * 0.3 AS rank
                FROM lesson_search s, q
                WHERE NOT s.archived AND s.document @@ q.query
                ORDER BY rank DESC, s.lesson_id
                LIMIT @limit
            )
            SELECT r.lesson_id, r.title, r.partner_id, p.name AS partner_name, f.field,
                   ts_headline('english', f.content, r.query,
                       'StartSel=' || chr(1) || ', StopSel=' || chr(1) || ', MaxWords=16, MinWords=5, ShortWord=2, MaxFragments=1') AS headline,
                   r.discussion_channel AS channel, r.rank
            FROM ranked r
            LEFT JOIN partners p ON p.id = r.partner_id
            CROSS JOIN LATERAL (
                SELECT v.field, v.content
                FROM (VALUES (1, 'title', r.title, r.title_vector), (2, 'objective', r.objective, r.objective_vector),
                             (3, 'quiz', r.quiz_text, r.quiz_vector), (4, 'video transcript', r.transcript_text, r.transcript_vector),
                             (5, 'image', r.alt_text, r.alt_vector), (6, 'lesson', r.body_text, r.body_vector),
                             (7, 'discussion', r.discussion_text, r.discussion_vector), (8, 'partner', r.partner_names, r.partner_vector))
                     AS v(n, field, content, vector)
                ORDER BY (v.vector @@ r.query) DESC, ts_rank_cd(v.vector, r.query) DESC, v.n
                LIMIT 1
            ) f
            ORDER BY r.rank DESC, r.lesson_id
            """, new { joined = string.Join(' ', corrected), original, limit }, cancellationToken: cancellationToken));

        return [.. rows.Select(r => new SearchHit(r.LessonId, r.Title, r.PartnerId, r.PartnerName,
            r.Field == "discussion" && r.Channel is not null ? $"discussion in <#{r.Channel}>" : r.Field,
            Highlight(r.Headline), r.Rank))];
    }

    /// <summary>Escapes the snippet for mrkdwn and turns the headline marks into bold.</summary>
    private static string Highlight(string headline)
    {
        var text = Mrkdwn.Escape(headline.ReplaceLineEndings(" ").Trim()).Replace(Mark, '*');
        return "…" + text + "…";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Words();
}
