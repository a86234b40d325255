using LearningBot.Infrastructure;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;

namespace LearningBot.Discussions;

/// <summary>
/// Discuss on a lesson card: the lesson goes to its partner's channel with a question that starts a thread, once per
/// lesson and channel; whoever asks again is taken to the existing thread. Either way the seller gets a link.
/// </summary>
internal sealed class DiscussAction(IDiscussedCards cards, ClickerNotes notes, DiscussionThreads threads, DiscussionStore store) : ISlackActionHandler
{
    public const string ActionId = "lesson-discuss";

    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await cards.LoadForClickAsync(actions, action, cancellationToken) is not { } card)
            return;
        var outcome = await threads.EnsureAsync(card.LessonId, actions.UserId, card.SellerId, cancellationToken);
        if (outcome is not ThreadOutcome.Ready(var thread, var started))
        {
            await notes.TellAsync(actions, DiscussionMessages.Problem(outcome)!, cancellationToken);
            return;
        }
        if (started)
        {
            await notes.TellAsync(actions, $":speech_balloon: Posted to {Mrkdwn.Channel(thread.ChannelId)}: "
                + $"{DiscussionMessages.ThreadLink(thread, "open the thread")} and tell others where this came up in your deals.", cancellationToken);
            await RefreshAsync(actions, card, cancellationToken);
            return;
        }
        var size = (await store.SizesAsync([thread.LessonId], cancellationToken, thread.ChannelId))[thread.LessonId];
        await notes.TellAsync(actions, $":speech_balloon: This lesson is already being discussed ({DiscussionMessages.Size(size)}): "
            + $"{DiscussionMessages.ThreadLink(thread, "join the thread")}.", cancellationToken);
        // The card the seller clicked shows the same count as the answer, not the one from when it was sent.
        await RefreshAsync(actions, card, cancellationToken);
    }

    private Task RefreshAsync(SlackBlockActions actions, DiscussedCard card, CancellationToken cancellationToken) =>
        actions.ChannelId is { } channel && actions.MessageTs is { } ts
            ? cards.RefreshIfGradedAsync(card.DeliveryId, channel, ts, cancellationToken)
            : Task.CompletedTask;
}
