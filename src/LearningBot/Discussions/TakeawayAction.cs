using LearningBot.Infrastructure;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Discussions;

/// <summary>"Share one thing you'll use" on a completed card: a small modal for the take-away.</summary>
internal sealed class TakeawayAction(IDiscussedCards cards, ClickerNotes notes, DiscussionStore store, ISlackApi slack) : ISlackActionHandler
{
    public const string ActionId = "lesson-takeaway";

    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await cards.LoadForClickAsync(actions, action, cancellationToken) is not { } card || actions.TriggerId is not { } trigger)
            return;
        if ((await store.LessonAsync(card.LessonId, cancellationToken))?.Channel is null)
        {
            await notes.TellAsync(actions, DiscussionMessages.Problem(new ThreadOutcome.NoPartnerChannel())!, cancellationToken);
            return;
        }
        var origin = new TakeawayModal.Card(card.DeliveryId, actions.ChannelId, actions.MessageTs);
        await slack.OpenViewAsync(trigger, TakeawayModal.View(card.Title, origin), cancellationToken);
    }
}
