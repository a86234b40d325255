using System.Globalization;
using LearningBot.Delivery;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;

namespace LearningBot.Quizzes;

/// <summary>Later: the card becomes "Saved for later" with a Resume button, and the lesson comes back at the next working half-day.</summary>
internal sealed class LaterAction(CardActions card, SnoozeStore snoozes, TimeProvider time) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await card.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        if (await snoozes.SnoozeAsync(loaded.View.DeliveryId, loaded.SellerId, time.GetUtcNow(), cancellationToken) is not { } back)
            return;
        var comesBack = Mrkdwn.Date(back, "{date_short_pretty} at {time}", back.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        await card.UpdateAsync(actions, LessonCards.SavedForLater(loaded.View, comesBack), cancellationToken);
    }
}

/// <summary>Resume on a saved card: the full lesson card again, in place, and the lesson leaves the outbox.</summary>
internal sealed class ResumeAction(CardActions card, LessonCards cards, SnoozeStore snoozes, TimeProvider time) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await card.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        if (await snoozes.ResumeAsync(loaded.View.DeliveryId, loaded.SellerId, time.GetUtcNow(), cancellationToken))
            await card.UpdateAsync(actions, cards.Card(loaded.View), cancellationToken);
    }
}
