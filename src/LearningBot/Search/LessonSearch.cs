using System.Text.RegularExpressions;
using Dapper;
using LearningBot.Slack.BlockKit;
using Npgsql;

namespace LearningBot.Search;

/// <summary>One search result: the lesson, and the field and words that made it match, ready for Slack.</summary>
internal sealed record SearchHit(string LessonId, string Title, string? PartnerId, string? PartnerName, string MatchedIn, string Snippet, double Rank);

/// <summary>
/// Finds lessons by whatever stuck with a seller. Misspelled words are corrected from the lexicon of indexed words
/// first; then the fields that hold every word are ranked by weight and closeness of the words, a partner named in the
/// query boosts that partner's lessons, and the best field of each of the top hits explains it with a snippet.
/// </summary>
internal sealed partial class LessonSearch(NpgsqlDataSource dataSource)
{
    private const char Mark = '\u0001';

    /// <summary>How many matching fields are ranked exactly; a query matching more ranks the heaviest fields first.</summary>
    private const int RankedFields = 400;

    /// <summary>How many lessons that hold the words only across fields (or only some words) are ranked exactly.</summary>
    private const int LooseCandidates = 50;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 2).Distinct().Take(12).ToArray();
        if (words.Length == 0)
            return [];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var terms = await SearchTerms.ReadAsync(connection, words, cancellationToken);
        if (terms.Count == 0)
            return [];

        var query = new SearchQuery(terms);
        var ranked = await InFieldAsync(connection, query, query.All, limit, cancellationToken);
        if (ranked.Count < limit && query.Content is { } content)
            ranked = [.. ranked.Concat((await InFieldAsync(connection, query, content, limit, cancellationToken))
                .Where(r => ranked.All(f => f.LessonId != r.LessonId)))];
        if (ranked.Count < limit && terms.Count > 1)
            ranked = [.. ranked.Concat(await LooseAsync(connection, query, ranked, limit, cancellationToken))];

        var top = ranked.OrderByDescending(r => r.Words).ThenByDescending(r => r.Rank).ThenBy(r => r.LessonId, StringComparer.Ordinal).Take(limit).ToList();
        return await ExplainAsync(connection, top, cancellationToken);
    }

    private sealed record Ranked(string LessonId, int Field, string Query, int Words, double Rank);

    /// <summary>
    /// Lessons with one field holding every word of <paramref name="tsquery"/>: each matching field ranked by cover density
    /// times its weight, summed per lesson, plus the partner boost and a little title similarity.
    /// </summary>
    private static async Task<List<Ranked>> InFieldAsync(
        NpgsqlConnection connection, SearchQuery query, string tsquery, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string LessonId, int Field, double Rank)>(new CommandDefinition("""
            WITH q AS (
                SELECT to_tsquery('english', @tsquery) AS query
            ), hits AS (
                SELECT f.lesson_id, f.field, f.weight, f.vector
                FROM lesson_search_fields f, q
                WHERE f.vector @@ q.query
                ORDER BY f.weight DESC, f.lesson_id
                LIMIT @cap
            ), scored AS (
                SELECT h.lesson_id, h.field, h.weight * ts_rank_cd('{1, 1, 1, 1}', h.vector, q.query) AS score
                FROM hits h, q
            ), lessons AS (
                SELECT lesson_id, sum(score) AS score, (array_agg(field ORDER BY score DESC, field))[1] AS field
                FROM scored
                GROUP BY lesson_id
            )
            SELECT l.lesson_id, l.field,
                   l.score + CASE WHEN s.partner_id = ANY(@partners) THEN 1.0 ELSE 0 END + similarity(s.title, @joined) * 0.3 AS rank
            FROM lessons l
            JOIN lesson_search s ON s.lesson_id = l.lesson_id
            ORDER BY rank DESC, l.lesson_id
            LIMIT @limit
            """, new { tsquery, cap = RankedFields, partners = query.Partners, joined = query.Joined, limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Ranked(r.LessonId, r.Field, tsquery, query.Terms.Count, r.Rank))];
    }

    /// <summary>
    /// Lessons that hold the words only across several fields, or (when nothing holds them all) the most of them:
    /// counted per word from the index alone, and only the best candidates ranked on their fields.
    /// </summary>
    private static async Task<List<Ranked>> LooseAsync(
        NpgsqlConnection connection, SearchQuery query, IReadOnlyList<Ranked> found, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string LessonId, int Field, int Words, double Rank)>(new CommandDefinition("""
            WITH terms AS (
                SELECT n, to_tsquery('english', t) AS query FROM unnest(@terms) WITH ORDINALITY AS t(t, n)
            ), matched AS (
                SELECT f.lesson_id, count(DISTINCT t.n) AS words, max(f.weight) AS weight
                FROM terms t
                JOIN lesson_search_fields f ON f.vector @@ t.query
                WHERE f.lesson_id <> ALL(@found)
                GROUP BY f.lesson_id
            ), candidates AS (
                SELECT lesson_id, words FROM matched
                WHERE words >= @minimum
                ORDER BY words DESC, weight DESC, lesson_id
                LIMIT @cap
            ), scored AS (
                SELECT c.lesson_id, c.words, f.field, f.weight * ts_rank_cd('{1, 1, 1, 1}', f.vector, q.query) AS score
                FROM candidates c
                JOIN lesson_search_fields f ON f.lesson_id = c.lesson_id
                CROSS JOIN (SELECT to_tsquery('english', @any) AS query) q
                WHERE f.vector @@ q.query
            ), lessons AS (
                SELECT lesson_id, words, sum(score) AS score, (array_agg(field ORDER BY score DESC, field))[1] AS field
                FROM scored
                GROUP BY lesson_id, words
            )
            SELECT l.lesson_id, l.field, l.words::int,
                   l.score + CASE WHEN s.partner_id = ANY(@partners) THEN 1.0 ELSE 0 END + similarity(s.title, @joined) * 0.3 AS rank
            FROM lessons l
            JOIN lesson_search s ON s.lesson_id = l.lesson_id
            ORDER BY l.words DESC, rank DESC, l.lesson_id
            LIMIT @limit
            """, new
        {
            terms = query.Terms.Select(t => t.TsQuery).ToArray(),
            found = found.Select(f => f.LessonId).ToArray(),
            minimum = found.Count > 0 ? query.Terms.Count : 1,
            cap = LooseCandidates,
            any = query.Any,
            partners = query.Partners,
            joined = query.Joined,
            limit,
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Ranked(r.LessonId, r.Field, query.Any, r.Words, r.Rank))];
    }

    /// <summary>Title, partner and a snippet of the field that matched best, with the query's words marked.</summary>
    private static async Task<IReadOnlyList<SearchHit>> ExplainAsync(NpgsqlConnection connection, IReadOnlyList<Ranked> top, CancellationToken cancellationToken)
    {
        if (top.Count == 0)
            return [];
        var rows = (await connection.QueryAsync<(string LessonId, string Title, string? PartnerId, string? PartnerName, string? Channel, string Headline)>(
            new CommandDefinition("""
                SELECT s.lesson_id, s.title, s.partner_id, p.name, s.discussion_channel,
                       ts_headline('english',
                           CASE t.field WHEN 1 THEN s.title WHEN 2 THEN s.objective WHEN 3 THEN s.partner_names WHEN 4 THEN s.quiz_text
                                        WHEN 5 THEN s.transcript_text WHEN 6 THEN s.alt_text WHEN 7 THEN s.body_text ELSE s.discussion_text END,
                           to_tsquery('english', t.query),
                           'StartSel=' || chr(1) || ', StopSel=' || chr(1) || ', MaxWords=16, MinWords=5, ShortWord=2, MaxFragments=1')
                FROM unnest(@ids, @fields, @queries) AS t(lesson_id, field, query)
                JOIN lesson_search s ON s.lesson_id = t.lesson_id
                LEFT JOIN partners p ON p.id = s.partner_id
                """, new
            {
                ids = top.Select(t => t.LessonId).ToArray(),
                fields = top.Select(t => t.Field).ToArray(),
                queries = top.Select(t => t.Query).ToArray(),
            }, cancellationToken: cancellationToken))).ToDictionary(r => r.LessonId);

        return [.. top.Where(t => rows.ContainsKey(t.LessonId)).Select(t =>
        {
            var row = rows[t.LessonId];
            var field = FieldNames[t.Field];
            return new SearchHit(t.LessonId, row.Title, row.PartnerId, row.PartnerName,
                field == "discussion" && row.Channel is not null ? $"discussion in <#{row.Channel}>" : field,
                Highlight(row.Headline), t.Rank);
        })];
    }

    private static readonly Dictionary<int, string> FieldNames = new()
    {
        [1] = "title", [2] = "objective", [3] = "partner", [4] = "quiz",
        [5] = "video transcript", [6] = "image", [7] = "lesson", [8] = "discussion",
    };

    /// <summary>Escapes the snippet for mrkdwn and turns the headline marks into bold.</summary>
    private static string Highlight(string headline)
    {
        var text = Mrkdwn.Escape(headline.ReplaceLineEndings(" ").Trim()).Replace(Mark, '*');
        return "…" + text + "…";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Words();
}
