namespace LearningBot.Search;

/// <summary>The text-search queries one search runs, built from its terms (whose words are letters and digits only).</summary>
internal sealed class SearchQuery(IReadOnlyList<SearchTerm> terms)
{
    public IReadOnlyList<SearchTerm> Terms { get; } = terms;

    /// <summary>Every term, each satisfied by any of its alternatives.</summary>
    public string All { get; } = string.Join(" & ", terms.Select(t => t.TsQuery));

    /// <summary>The terms that do not name a partner, when some do and some do not: the partner then boosts instead of filtering.</summary>
    public string? Content { get; } = terms.Any(t => t.Partners.Count > 0) && terms.Any(t => t.Partners.Count == 0)
        ? string.Join(" & ", terms.Where(t => t.Partners.Count == 0).Select(t => t.TsQuery))
        : null;

    /// <summary>Any alternative of any term.</summary>
    public string Any { get; } = string.Join(" | ", terms.SelectMany(t => t.Alternatives));

    public string[] Partners { get; } = [.. terms.SelectMany(t => t.Partners).Distinct()];

    /// <summary>The best reading of the query, for similarity with titles.</summary>
    public string Joined { get; } = string.Join(' ', terms.Select(t => t.Alternatives[0]));
}
