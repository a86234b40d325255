using LearningBot.Slack.Payloads;

namespace LearningBot.Quizzes;

/// <summary>Reads a lesson card's answers out of the form state Slack sends with a block_actions payload.</summary>
internal static class QuizState
{
    public static IReadOnlyDictionary<long, QuizAnswer> Read(FormState state, IReadOnlyList<QuizQuestion> questions)
    {
        var answers = new Dictionary<long, QuizAnswer>();
        foreach (var question in questions)
        {
            IReadOnlyList<string?> keys = question switch
            {
                QuizQuestion.Match match => [.. Enumerable.Range(0, match.Pairs.Count)
                    .Select(item => state.Chosen(LessonCard.MatchBlockId(question.Id, item), LessonCard.AnswerAction).FirstOrDefault())],
                _ => state.Chosen(LessonCard.QuestionBlockId(question.Id), LessonCard.AnswerAction),
            };
            answers[question.Id] = new QuizAnswer(question.Id, keys);
        }
        return answers;
    }
}
