using System.Text.Json;
using Dapper;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>One option (or, for a match, one pairing "left → right") and how many first tries chose it.</summary>
internal sealed record AnswerCount(string Answer, long Count, bool Right);

/// <summary>
/// One question's first tries: accuracy (fully right), partial share (pick/match), every option with its count and the
/// most-chosen wrong answer; flagged when most sellers miss it or everyone gets it right.
/// </summary>
internal sealed record QuestionStats(
    string LessonId, int Question, string Kind, string Prompt, string PartnerId, long Answers, long FirstTryCorrect, long Partial,
    IReadOnlyList<AnswerCount> Distribution)
{
    public const string MostMiss = "most-miss";
    public const string EveryoneRight = "everyone-right";

    public double? Accuracy => Answers == 0 ? null : (double)FirstTryCorrect / Answers;

    public double? PartialShare => Kind is "pick" or "match" && Answers > 0 ? (double)Partial / Answers : null;

    public AnswerCount? MostChosenWrong => Distribution.Where(a => !a.Right && a.Count > 0).OrderByDescending(a => a.Count).FirstOrDefault();

    /// <summary>A content problem (fewer than half get it fully right) or too easy; only once enough sellers answered.</summary>
    public string? Flag(int minGroupSize) =>
        Answers < minGroupSize ? null : Accuracy < 0.5 ? MostMiss : FirstTryCorrect == Answers ? EveryoneRight : null;

    private sealed record Row
    {
        public long QuestionId { get; init; }
        public string LessonId { get; init; } = "";
        public int Question { get; init; }
        public string Kind { get; init; } = "";
        public string Prompt { get; init; } = "";
        public string Options { get; init; } = "";
        public string Correct { get; init; } = "";
        public string PartnerId { get; init; } = "";
        public long Answers { get; init; }
        public long FirstTryCorrect { get; init; }
        public long Partial { get; init; }
    }

    public static async Task<IReadOnlyList<QuestionStats>> QueryAsync(NpgsqlConnection connection, InsightsScope scope, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(InsightsSql.Load("questions"), scope.Parameters(), cancellationToken: cancellationToken));
        var counts = (await connection.QueryAsync<(long QuestionId, int Slot, string Key, long Chosen)>(new CommandDefinition(
            InsightsSql.Load("answer_counts"), scope.Parameters(), cancellationToken: cancellationToken))).ToLookup(c => c.QuestionId);
        return [.. rows.Select(r => new QuestionStats(r.LessonId, r.Question, r.Kind, r.Prompt, r.PartnerId, r.Answers, r.FirstTryCorrect, r.Partial,
            CountOptions(r.Kind, r.Options, r.Correct, [.. counts[r.QuestionId].Select(c => (c.Slot, c.Key, c.Chosen))])))];
    }

    /// <summary>Choice and pick: every option in the author's order. Match: every pairing chosen, right ones first per item.</summary>
    internal static IReadOnlyList<AnswerCount> CountOptions(string kind, string optionsJson, string correctJson, IReadOnlyList<(int Slot, string Key, long Chosen)> counts)
    {
        using var options = JsonDocument.Parse(optionsJson);
        using var correct = JsonDocument.Parse(correctJson);
        if (kind != "match")
        {
            var texts = options.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            var right = correct.RootElement.ValueKind == JsonValueKind.Array
                ? correct.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
                : [correct.RootElement.GetString() ?? ""];
            return [.. texts.Select((text, i) => new AnswerCount(text, counts.Where(c => c.Key == $"o{i}").Sum(c => c.Chosen), right.Contains(text)))];
        }
        var pairs = options.RootElement.GetProperty("pairs");
        var (lefts, rights) = pairs.ValueKind == JsonValueKind.Array
            ? (pairs.EnumerateArray().Select(p => p.GetProperty("left").GetString() ?? "").ToList(), pairs.EnumerateArray().Select(p => p.GetProperty("right").GetString() ?? "").ToList())
            : (pairs.EnumerateObject().Select(p => p.Name).ToList(), pairs.EnumerateObject().Select(p => p.Value.GetString() ?? "").ToList());
        if (options.RootElement.TryGetProperty("distractors", out var distractors) && distractors.ValueKind == JsonValueKind.Array)
            rights.AddRange(distractors.EnumerateArray().Select(e => e.GetString() ?? ""));
        return [.. counts
            .Where(c => c.Slot < lefts.Count && int.TryParse(c.Key.AsSpan(1), out var v) && v >= 0 && v < rights.Count)
            .Select(c => new AnswerCount($"{lefts[c.Slot]} → {rights[int.Parse(c.Key.AsSpan(1))]}", c.Chosen, c.Key == $"r{c.Slot}"))
            .OrderBy(a => lefts.IndexOf(a.Answer[..a.Answer.IndexOf(" → ", StringComparison.Ordinal)])).ThenByDescending(a => a.Right).ThenByDescending(a => a.Count)];
    }
}
