using System.Text.Json.Nodes;
using LearningBot.Quizzes;

namespace LearningBot.Tests.Quizzes;

/// <summary>The <c>state.values</c> Slack sends with Submit, for chosen answers of a lesson card.</summary>
internal static class QuizStates
{
    public static JsonObject State(LessonView view, Func<QuizQuestion, IReadOnlyList<string>> keys)
    {
        var state = new JsonObject();
        foreach (var question in view.Questions)
        {
            var chosen = keys(question);
            switch (question)
            {
                case QuizQuestion.Match match:
                    for (var i = 0; i < match.Pairs.Count; i++)
                        state[LessonCard.MatchBlockId(question.Id, i)] = Answer("static_select", [chosen[i]]);
                    break;
                case QuizQuestion.Pick:
                    state[LessonCard.QuestionBlockId(question.Id)] = Answer("checkboxes", chosen);
                    break;
                default:
                    state[LessonCard.QuestionBlockId(question.Id)] = Answer("radio_buttons", chosen);
                    break;
            }
        }
        return state;
    }

    private static JsonObject Answer(string type, IReadOnlyList<string> values) => type == "checkboxes"
        ? new JsonObject { ["answer"] = new JsonObject { ["type"] = type, ["selected_options"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["value"] = v })]) } }
        : new JsonObject { ["answer"] = new JsonObject { ["type"] = type, ["selected_option"] = new JsonObject { ["value"] = values[0] } } };

    public static IReadOnlyList<string> RightKeys(QuizQuestion question) => question switch
    {
        QuizQuestion.Choice c => [QuizQuestion.OptionKey(c.CorrectIndex)],
        QuizQuestion.Pick p => [.. p.CorrectIndexes.Select(QuizQuestion.OptionKey)],
        QuizQuestion.Match m => [.. Enumerable.Range(0, m.Pairs.Count).Select(QuizQuestion.RightKey)],
        _ => [],
    };
}
