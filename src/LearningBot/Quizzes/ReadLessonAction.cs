using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Quizzes;

/// <summary>"Read the whole lesson" on a card: the full body opens in a modal, so the DM itself stays short.</summary>
internal sealed class ReadLessonAction(OwnedCards owned, ISlackApi slack) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (actions.TriggerId is not { } trigger || await owned.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        await slack.OpenViewAsync(trigger, DeliveryCards.FullLesson(loaded.View), cancellationToken);
    }
}
