using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.WebApi;

namespace LearningBot.Quizzes;

/// <summary>A card shown again in place: after a click on it, or when what it shows around the lesson changed.</summary>
internal sealed class CardUpdates(DeliveryCards cards, AnswerStore answers, ISlackApi slack)
{
    /// <summary>The clicked card becomes <paramref name="card"/>.</summary>
    public Task UpdateAsync(SlackBlockActions actions, SlackMessage card, CancellationToken cancellationToken) =>
        actions.ChannelId is { } channel && actions.MessageTs is { } ts
            ? slack.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, card), cancellationToken)
            : Task.CompletedTask;

    /// <summary>A graded card is shown again with what changed around it (its thread's size); an unanswered one is left alone so no choice is lost.</summary>
    public async Task RefreshIfGradedAsync(long deliveryId, string channel, string ts, CancellationToken cancellationToken)
    {
        if (await cards.LoadAsync(deliveryId, cancellationToken) is not { } loaded)
            return;
        var grades = await answers.StoredGradesAsync(loaded.View, cancellationToken);
        if (grades.Count > 0)
            await slack.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, cards.Graded(loaded.View, grades)), cancellationToken);
    }
}
