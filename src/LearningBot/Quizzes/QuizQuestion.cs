namespace LearningBot.Quizzes;

/// <summary>
/// A quiz question as the card shows it and the grader checks it. Options travel in Slack as short stable keys
/// ("o0", "o1", … for choice and pick; "r0", "r1", … for the right-hand values of a match), never as their text.
/// </summary>
internal abstract record QuizQuestion(long Id, string Prompt, string? Explanation)
{
    public static string OptionKey(int index) => $"o{index}";

    public static string RightKey(int index) => $"r{index}";

    /// <summary>Exactly one right answer, shown as radio buttons.</summary>
    public sealed record Choice(long Id, string Prompt, string? Explanation, IReadOnlyList<string> Options, int CorrectIndex)
        : QuizQuestion(Id, Prompt, Explanation);

    /// <summary>Pick exactly <see cref="Count"/> of a longer list, shown as checkboxes.</summary>
    public sealed record Pick(long Id, string Prompt, string? Explanation, IReadOnlyList<string> Options, int Count, IReadOnlySet<int> CorrectIndexes)
        : QuizQuestion(Id, Prompt, Explanation);

    /// <summary>Pair each left-hand item with one right-hand value; one select per left item.</summary>
    public sealed record Match(long Id, string Prompt, string? Explanation, IReadOnlyList<MatchPair> Pairs, IReadOnlyList<string> Distractors)
        : QuizQuestion(Id, Prompt, Explanation)
    {
        /// <summary>Every right-hand value: the pairs' answers first, then the distractors; a key is its index here.</summary>
        public IReadOnlyList<string> RightValues => [.. Pairs.Select(p => p.Right), .. Distractors];
    }
}

internal sealed record MatchPair(string Left, string Right);
