using System.Globalization;
using LearningBot.Content;

namespace LearningBot.Insights;

/// <summary>
/// What <c>learningbot lint --with-insights</c> adds under the findings: per lesson file and question (matched by its
/// prompt, so an edited question starts afresh), the first-try accuracy and the wrong answer most sellers chose.
/// </summary>
internal static class LintInsights
{
    public static IReadOnlyList<string> Lines(IReadOnlyList<LessonDefinition> lessons, IReadOnlyList<QuestionStats> stats)
    {
        var lines = new List<string>();
        foreach (var lesson in lessons)
        {
            for (var i = 0; i < lesson.Quiz.Count; i++)
            {
                var prompt = lesson.Quiz[i].Prompt;
                var answered = stats.Where(s => s.LessonId == lesson.Id && s.Prompt == prompt).OrderByDescending(s => s.Answers).ToList();
                var at = $"{lesson.SourcePath}: insights: question {i + 1}";
                if (answered.Count == 0 || answered.Sum(s => s.Answers) == 0)
                {
                    lines.Add($"{at}: no answers yet");
                    continue;
                }
                var answers = answered.Sum(s => s.Answers);
                var right = answered.Sum(s => s.FirstTryCorrect);
                var line = string.Create(CultureInfo.InvariantCulture, $"{at}: {100.0 * right / answers:0}% right on the first try ({right} of {answers})");
                if (answered[0].MostChosenWrong is { } wrong)
                    line += $"; most chosen wrong: \"{wrong.Answer}\" ({wrong.Count})";
                lines.Add(line);
            }
        }
        return lines;
    }
}
