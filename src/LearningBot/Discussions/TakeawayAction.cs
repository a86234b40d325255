using LearningBot.Quizzes;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Discussions;

/// <summary>"Share one thing you'll use" on a completed card: a small modal for the take-away.</summary>
internal sealed class TakeawayAction(CardActions card, DiscussionStore store, ISlackApi slack) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await card.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded || actions.TriggerId is not { } trigger)
            return;
        if ((await store.LessonAsync(loaded.View.LessonId, cancellationToken))?.Channel is null)
        {
            await card.NudgeAsync(actions, DiscussionMessages.Problem(new ThreadOutcome.NoPartnerChannel())!, cancellationToken);
            return;
        }
        var origin = new TakeawayModal.Card(loaded.View.DeliveryId, actions.ChannelId, actions.MessageTs);
        await slack.OpenViewAsync(trigger, TakeawayModal.View(loaded.View.Title, origin), cancellationToken);
    }
}
