using System.Text.Json;

namespace LearningBot.Quizzes;

/// <summary>Reads a lesson card's answers out of the <c>state.values</c> Slack sends with a block_actions payload.</summary>
internal static class QuizState
{
    public static IReadOnlyDictionary<long, QuizAnswer> Read(JsonElement stateValues, IReadOnlyList<QuizQuestion> questions)
    {
        var answers = new Dictionary<long, QuizAnswer>();
        foreach (var question in questions)
        {
            IReadOnlyList<string?> keys = question switch
            {
                QuizQuestion.Match match => [.. Enumerable.Range(0, match.Pairs.Count)
                    .Select(item => Selected(stateValues, LessonCard.MatchBlockId(question.Id, item)).FirstOrDefault())],
                _ => [.. Selected(stateValues, LessonCard.QuestionBlockId(question.Id))],
            };
            answers[question.Id] = new QuizAnswer(question.Id, keys);
        }
        return answers;
    }

    private static IEnumerable<string?> Selected(JsonElement stateValues, string blockId)
    {
        if (stateValues.ValueKind != JsonValueKind.Object
            || !stateValues.TryGetProperty(blockId, out var block)
            || !block.TryGetProperty(LessonCard.AnswerAction, out var action))
            return [];
        if (action.TryGetProperty("selected_options", out var many) && many.ValueKind == JsonValueKind.Array)
            return [.. many.EnumerateArray().Select(Value)];
        if (action.TryGetProperty("selected_option", out var one) && one.ValueKind == JsonValueKind.Object)
            return [Value(one)];
        return [];
    }

    private static string? Value(JsonElement option) =>
        option.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
