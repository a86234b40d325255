using System.Globalization;
using LearningBot.Delivery;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;

namespace LearningBot.Quizzes;

/// <summary>Later: the card becomes "Saved for later" with a Resume button, and the lesson comes back at the next working half-day.</summary>
internal sealed class LaterAction(OwnedCards owned, CardUpdates updates, SnoozeStore snoozes, TimeProvider time) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await owned.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        if (await snoozes.SnoozeAsync(loaded.View.DeliveryId, loaded.SellerId, time.GetUtcNow(), cancellationToken) is not { } back)
            return;
        var comesBack = Mrkdwn.Date(back, "{date_short_pretty} at {time}", back.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        await updates.UpdateAsync(actions, DeliveryCards.SavedForLater(loaded.View, comesBack), cancellationToken);
    }
}

/// <summary>
/// Resume on a saved card: the lesson card again, in place, and the lesson leaves the outbox. A saved card stays in the DM after
/// its lesson came back as a new card (or was dropped from the outbox meanwhile), so Resume there shows the lesson too: graded
/// when it has been answered since.
/// </summary>
internal sealed class ResumeAction(OwnedCards owned, CardUpdates updates, DeliveryCards cards, AnswerStore answers, SnoozeStore snoozes, TimeProvider time) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (await owned.LoadForClickAsync(actions, action, cancellationToken) is not { } loaded)
            return;
        await snoozes.ResumeAsync(loaded.View.DeliveryId, loaded.SellerId, time.GetUtcNow(), cancellationToken);
        var grades = await answers.StoredGradesAsync(loaded.View, cancellationToken);
        await updates.UpdateAsync(actions, grades.Count > 0 ? cards.Graded(loaded.View, grades) : cards.Card(loaded.View), cancellationToken);
    }
}
