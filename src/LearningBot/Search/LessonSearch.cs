using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace LearningBot.Search;

/// <summary>One search result: the lesson, and the field and words that made it match, ready for Slack.</summary>
internal sealed record SearchHit(string LessonId, string Title, string? PartnerId, string? PartnerName, string MatchedIn, string Snippet, double Rank);

/// <summary>The hits of a search, and the query as it was read when a misspelled word was corrected ("dashbord" → "dashboard").</summary>
internal sealed class SearchResults(IReadOnlyList<SearchHit> hits, string? correctedQuery) : IReadOnlyList<SearchHit>
{
    public static readonly SearchResults None = new([], null);

    public string? CorrectedQuery { get; } = correctedQuery;

    public SearchHit this[int index] => hits[index];

    public int Count => hits.Count;

    public IEnumerator<SearchHit> GetEnumerator() => hits.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Finds lessons by whatever stuck with a seller. Misspelled words are corrected from the lexicon of indexed words
/// first; then the fields that hold every word are ranked by weight and closeness of the words, a partner named in the
/// query boosts that partner's lessons, and the best field of each of the top hits explains it with a snippet.
/// </summary>
internal sealed partial class LessonSearch(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// How many matching fields are ranked exactly. A phrase is in far fewer; a single common word can be in thousands,
    /// and then the heaviest fields (title, objective, partner, quiz first) are the ones ranked.
    /// </summary>
    private const int RankedFields = 150;

    /// <summary>How many lessons that hold the words only across fields (or only some of them) are ranked exactly.</summary>
    private const int LooseCandidates = 50;

    public async Task<SearchResults> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 2).Distinct().Take(12).ToArray();
        if (words.Length == 0)
            return SearchResults.None;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var terms = await SearchTerms.ReadAsync(connection, words, cancellationToken);
        if (terms.Count == 0)
            return SearchResults.None;

        var query = new SearchQuery(terms);
        var hits = await InFieldAsync(connection, query, limit, cancellationToken);
        if (hits.Count == 0 && terms.Count > 1)
            hits = await LooseAsync(connection, query, limit, cancellationToken);

        List<SearchHit> shown = [.. hits.OrderByDescending(h => h.Words).ThenByDescending(h => h.Rank).ThenBy(h => h.LessonId, StringComparer.Ordinal)
            .Take(limit).Select(h => h.ToHit())];
        return new SearchResults(shown, shown.Count > 0 ? Corrected(text, terms) : null);
    }

    /// <summary>The typed text with each corrected word replaced by its closest indexed word; null when nothing was corrected.</summary>
    private static string? Corrected(string text, IReadOnlyList<SearchTerm> terms)
    {
        var corrections = terms.Where(t => !t.Alternatives.Contains(t.Word)).ToDictionary(t => t.Word, t => t.Alternatives[0]);
        if (corrections.Count == 0)
            return null;
        return Words().Replace(text.Trim(), m =>
            corrections.TryGetValue(m.Value.ToLowerInvariant().Split('\'', '’')[0], out var word) ? word : m.Value);
    }

    /// <summary>
    /// Lessons with one field holding every word (but a partner's name, which boosts that partner's lessons instead):
    /// each matching field ranked by cover density times its weight, doubled when it holds the partner's name too,
    /// summed per lesson, plus the partner boost and a little title similarity.
    /// </summary>
    private static async Task<List<Row>> InFieldAsync(NpgsqlConnection connection, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            WITH q AS (
                SELECT to_tsquery('english', @tsquery) AS query, to_tsquery('english', @all) AS all_words
            ), hits AS (
                SELECT f.lesson_id, f.field, f.weight, f.vector
                FROM lesson_search_fields f, q
                WHERE f.vector @@ q.query
                ORDER BY f.weight DESC, f.lesson_id
                LIMIT @cap
            ), scored AS (
                SELECT h.lesson_id, h.field,
                       h.weight * (ts_rank_cd('{"{1, 1, 1, 1}"}', h.vector, q.query)
                                   + CASE WHEN @partnered THEN ts_rank_cd('{"{1, 1, 1, 1}"}', h.vector, q.all_words) ELSE 0 END) AS score
                FROM hits h, q
            ), found AS (
                SELECT lesson_id, @words AS words, sum(score) AS score, (array_agg(field ORDER BY field IN (1, 3), score DESC, field))[1] AS field
                FROM scored
                GROUP BY lesson_id
            ), shown AS (
                {Top}
            )
            {Explained}
            """, new { tsquery = query.Content ?? query.All, all = query.All, partnered = query.Content is not null, cap = RankedFields, words = query.Terms.Count, partners = query.Partners, joined = query.Joined, limit },
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>
    /// When no field holds all the words: lessons holding the most of them in any fields, counted per word from the
    /// index alone, and only the best candidates ranked on their fields.
    /// </summary>
    private static async Task<List<Row>> LooseAsync(NpgsqlConnection connection, SearchQuery query, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            WITH terms AS (
                SELECT n, to_tsquery('english', t) AS query FROM unnest(@terms) WITH ORDINALITY AS t(t, n)
            ), matched AS (
                SELECT f.lesson_id, count(DISTINCT t.n) AS words, max(f.weight) AS weight
                FROM terms t
                JOIN lesson_search_fields f ON f.vector @@ t.query
                GROUP BY f.lesson_id
            ), candidates AS (
                SELECT lesson_id, words FROM matched
                ORDER BY words DESC, weight DESC, lesson_id
                LIMIT @cap
            ), q AS (
                SELECT to_tsquery('english', @any) AS query
            ), scored AS (
                SELECT c.lesson_id, c.words, f.field, f.weight * ts_rank_cd('{"{1, 1, 1, 1}"}', f.vector, q.query) AS score
                FROM candidates c
                JOIN lesson_search_fields f ON f.lesson_id = c.lesson_id, q
                WHERE f.vector @@ q.query
            ), found AS (
                SELECT lesson_id, words, sum(score) AS score, (array_agg(field ORDER BY field IN (1, 3), score DESC, field))[1] AS field
                FROM scored
                GROUP BY lesson_id, words
            ), shown AS (
                {Top}
            )
            {Explained}
            """, new
        {
            terms = query.Terms.Select(t => t.TsQuery).ToArray(),
            cap = LooseCandidates,
            any = query.Any,
            partners = query.Partners,
            joined = query.Joined,
            limit,
        }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>The best lessons of a stage's <c>found</c>: their field score plus the partner boost and a little title similarity.</summary>
    private const string Top = """
        SELECT l.lesson_id, l.field, l.words,
               l.score + CASE WHEN s.partner_id = ANY(@partners) THEN 1.0 ELSE 0 END + similarity(s.title, @joined) * 0.3 AS rank
        FROM found l
        JOIN lesson_search s ON s.lesson_id = l.lesson_id
        ORDER BY l.words DESC, rank DESC, l.lesson_id
        LIMIT @limit
        """;

    /// <summary>
    /// Title, partner and a snippet of the best field of each shown lesson, with the words of the stage's query marked.
    /// The title and partner are on the result's first line already: a lesson found only there shows its objective.
    /// A quiz snippet comes with the lesson's questions, so the one that matched is shown as a question.
    /// </summary>
    private const string Explained = $$"""
        SELECT t.lesson_id, s.title, s.partner_id, p.name AS partner_name, t.shown AS field, s.discussion_channel AS channel, t.words::int, t.rank,
               ts_headline('english',
                   CASE t.shown WHEN 2 THEN s.objective WHEN 4 THEN s.quiz_text
                                WHEN 5 THEN s.transcript_text WHEN 6 THEN s.alt_text WHEN 7 THEN s.body_text ELSE s.discussion_text END,
                   q.query,
                   'StartSel=' || chr(1) || ', StopSel=' || chr(1) || ', MaxWords=16, MinWords=5, ShortWord=2, MaxFragments=1') AS headline,
               CASE WHEN t.shown = 4 THEN
                   (SELECT json_agg(json_build_object('prompt', q.prompt, 'options', {{SearchIndex.ReadableOptions}}) ORDER BY q.position)
                    FROM lessons l JOIN quiz_questions q ON q.lesson_id = l.id AND q.lesson_version = l.current_version
                    WHERE l.id = t.lesson_id)
               END AS questions
        FROM (SELECT *, CASE WHEN field IN (1, 3) THEN 2 ELSE field END AS shown FROM shown) t
        JOIN lesson_search s ON s.lesson_id = t.lesson_id
        LEFT JOIN partners p ON p.id = s.partner_id, q
        """;

    private sealed record Row(string LessonId, string Title, string? PartnerId, string? PartnerName, int Field, string? Channel, int Words, double Rank,
        string Headline, string? Questions)
    {
        public SearchHit ToHit()
        {
            var field = FieldNames[(short)Field];
            var snippet = Field == 4 ? SearchSnippet.Quiz(Headline, Questions) : SearchSnippet.Fragment(Headline);
            return new SearchHit(LessonId, Title, PartnerId, PartnerName,
                field == "discussion" && Channel is not null ? $"discussion in <#{Channel}>" : field, snippet, Rank);
        }
    }

    private static readonly Dictionary<short, string> FieldNames = new()
    {
        [1] = "title", [2] = "objective", [3] = "partner", [4] = "quiz",
        [5] = "video transcript", [6] = "image", [7] = "lesson", [8] = "discussion",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Words();
}
