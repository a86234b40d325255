using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace LearningBot.Search;

/// <summary>One word of a query: the words of the index it stands for (itself, or its likely corrections) and the partners it names.</summary>
internal sealed record SearchTerm(string Word, IReadOnlyList<string> Alternatives, IReadOnlyList<string> Partners)
{
    public string TsQuery => Alternatives.Count == 1 ? Alternatives[0] : "(" + string.Join(" | ", Alternatives) + ")";
}

/// <summary>
/// Turns the words a seller typed into search terms with the lexicon of indexed words: a known word stays, a misspelled
/// one becomes its closest indexed words (trigram similarity), stop words and words nothing resembles are dropped.
/// </summary>
internal static partial class SearchTerms
{
    private const int Corrections = 3;

    public static async Task<IReadOnlyList<SearchTerm>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var cleaned = words.Select(w => w.Split('\'', '’')[0]).Where(w => w.Length >= 2).Distinct().ToArray();
        var rows = await connection.QueryAsync<(string Word, bool Stop, bool Known, string[] Corrections, string[] Partners)>(new CommandDefinition("""
            SELECT t.word, to_tsvector('english', t.word) = ''::tsvector AS stop, k.known,
                   ARRAY(SELECT w.word FROM search_words w
                         WHERE NOT k.known AND length(t.word) >= 4 AND w.word % t.word
                         ORDER BY similarity(w.word, t.word) DESC, w.word
                         LIMIT @corrections) AS corrections,
                   ARRAY(SELECT p.id FROM partners p
                         WHERE t.word = ANY(string_to_array(lower(p.name || ' ' || array_to_string(p.aliases, ' ')), ' '))) AS partners
            FROM unnest(@cleaned) WITH ORDINALITY AS t(word, n)
            CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM search_words w WHERE w.word = t.word) AS known) k
            ORDER BY t.n
            """, new { cleaned, corrections = Corrections }, cancellationToken: cancellationToken));

        var terms = new List<SearchTerm>();
        foreach (var row in rows.Where(r => !r.Stop))
        {
            var corrections = row.Corrections.Where(c => Plain().IsMatch(c)).ToList();
            if (row.Known || row.Word.Length < 3 || row.Word.All(char.IsAsciiDigit))
                terms.Add(new SearchTerm(row.Word, [row.Word], row.Partners));
            else if (corrections.Count > 0)
                terms.Add(new SearchTerm(row.Word, corrections, row.Partners));
            // anything else is in no indexed text and resembles nothing that is: it could only ever match nothing
        }
        return terms;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}]+$")]
    private static partial Regex Plain();
}
