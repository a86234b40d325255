using LearningBot.Infrastructure.Telemetry;
using LearningBot.Infrastructure;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;

namespace LearningBot.Quizzes;

/// <summary>
/// Submit on a lesson card: grade every question, record the answers once, and update the same card with the score,
/// the right answers and the explanations. A wrong pick count gets a friendly nudge and records nothing; a second
/// submit records nothing and shows the graded card again.
/// </summary>
internal sealed class QuizSubmitAction(
    OwnedCards owned, CardUpdates updates, ClickerNotes notes, DeliveryCards cards, AnswerStore answers, TimeProvider time, BotMetrics metrics)
    : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await owned.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        var (view, sellerId) = loaded;

        var (grades, problems) = AnswerGrader.Grade(view.Questions, QuizState.Read(actions.State, view.Questions));
        if (problems.Count > 0)
        {
            await notes.TellAsync(actions, string.Join("\n", problems.Select(p => p.Nudge)), cancellationToken);
            return;
        }
        if (await answers.RecordAsync(view.DeliveryId, sellerId, grades, time.GetUtcNow(), cancellationToken))
            Count(view.Questions, grades);
        else
            grades = await answers.StoredGradesAsync(view, cancellationToken);
        if (grades.Count > 0)
            await updates.UpdateAsync(actions, cards.Graded(view, grades), cancellationToken);
    }

    private void Count(IReadOnlyList<QuizQuestion> questions, IReadOnlyList<GradedAnswer> grades)
    {
        foreach (var grade in grades)
        {
            var kind = questions.FirstOrDefault(q => q.Id == grade.QuestionId) switch
            {
                QuizQuestion.Choice => "choice",
                QuizQuestion.Pick => "pick",
                QuizQuestion.Match => "match",
                _ => "other",
            };
            metrics.QuizSubmitted(kind, grade.Score switch { >= 1m => "correct", <= 0m => "wrong", _ => "partial" });
        }
    }
}

/// <summary>Choosing an answer on a card: nothing to do until Submit, but Slack still expects the action to be handled.</summary>
internal sealed class QuizSelection : ISlackActionHandler
{
    public Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken) => Task.CompletedTask;
}
