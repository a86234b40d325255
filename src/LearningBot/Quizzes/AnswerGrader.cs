namespace LearningBot.Quizzes;

/// <summary>What the seller chose for one question, as option keys (one key per left item for a match, in order).</summary>
internal sealed record QuizAnswer(long QuestionId, IReadOnlyList<string?> Keys);

/// <summary>The grade of one answer: a score from 0 to 1 (pick and match can be partly right) and the right keys.</summary>
internal sealed record GradedAnswer(long QuestionId, decimal Score, IReadOnlyList<string?> Chosen, IReadOnlyList<string> RightKeys)
{
    public bool FullyRight => Score == 1m;
}

/// <summary>An answer that cannot be graded yet; the seller gets a friendly nudge and nothing is recorded.</summary>
internal sealed record AnswerProblem(long QuestionId, string Nudge);

/// <summary>Grades a submitted quiz: all questions or nothing, so a half-answered card records nothing.</summary>
internal static class AnswerGrader
{
    public static (IReadOnlyList<GradedAnswer> Grades, IReadOnlyList<AnswerProblem> Problems) Grade(
        IReadOnlyList<QuizQuestion> questions, IReadOnlyDictionary<long, QuizAnswer> answers)
    {
        var grades = new List<GradedAnswer>();
        var problems = new List<AnswerProblem>();
        foreach (var question in questions)
        {
            var keys = answers.TryGetValue(question.Id, out var answer) ? answer.Keys : [];
            var result = question switch
            {
                QuizQuestion.Choice choice => GradeChoice(choice, keys),
                QuizQuestion.Pick pick => GradePick(pick, keys),
                QuizQuestion.Match match => GradeMatch(match, keys),
                _ => throw new InvalidOperationException($"Unknown question kind {question.GetType().Name}."),
            };
            if (result.Problem is { } problem)
                problems.Add(problem);
            else
                grades.Add(result.Grade!);
        }
        return problems.Count > 0 ? ([], problems) : (grades, []);
    }

    private static (GradedAnswer? Grade, AnswerProblem? Problem) GradeChoice(QuizQuestion.Choice question, IReadOnlyList<string?> keys)
    {
        var chosen = keys.FirstOrDefault(k => k is not null);
        if (chosen is null || Index(chosen, "o", question.Options.Count) is null)
            return (null, new AnswerProblem(question.Id, $"Choose one answer for “{question.Prompt}”."));
        var right = QuizQuestion.OptionKey(question.CorrectIndex);
        return (new GradedAnswer(question.Id, chosen == right ? 1m : 0m, [chosen], [right]), null);
    }

    private static (GradedAnswer? Grade, AnswerProblem? Problem) GradePick(QuizQuestion.Pick question, IReadOnlyList<string?> keys)
    {
        var chosen = keys.OfType<string>().Distinct().ToList();
        if (chosen.Count != question.Count || chosen.Any(k => Index(k, "o", question.Options.Count) is null))
        {
            return (null, new AnswerProblem(question.Id,
                $"Pick exactly {question.Count} for “{question.Prompt}” (you picked {chosen.Count})."));
        }
        var right = question.CorrectIndexes.Order().Select(QuizQuestion.OptionKey).ToList();
        var hits = chosen.Count(right.Contains);
        return (new GradedAnswer(question.Id, Math.Round((decimal)hits / question.Count, 3), [.. chosen.Order()], right), null);
    }

    private static (GradedAnswer? Grade, AnswerProblem? Problem) GradeMatch(QuizQuestion.Match question, IReadOnlyList<string?> keys)
    {
        var rightValues = question.RightValues.Count;
        if (keys.Count != question.Pairs.Count || keys.Any(k => k is null || Index(k, "r", rightValues) is null))
            return (null, new AnswerProblem(question.Id, $"Match every item for “{question.Prompt}”."));
        var right = Enumerable.Range(0, question.Pairs.Count).Select(QuizQuestion.RightKey).ToList();
        var hits = keys.Where((key, i) => key == right[i]).Count();
        return (new GradedAnswer(question.Id, Math.Round((decimal)hits / question.Pairs.Count, 3), keys, right), null);
    }

    private static int? Index(string key, string prefix, int count) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(prefix.Length), out var index) && index >= 0 && index < count
            ? index
            : null;
}
