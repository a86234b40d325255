using LearningBot.Slack.Payloads;

namespace LearningBot.Discussions;

/// <summary>The lesson card a Discuss or take-away button is on, as far as Discussions needs it.</summary>
internal sealed record DiscussedCard(long DeliveryId, string LessonId, string Title, long SellerId);

/// <summary>
/// What Discussions asks of the lesson cards, which another feature owns: load a card if this user owns it, and show an
/// answered card again once its thread changed. Discussions knows nothing else of the cards.
/// </summary>
internal interface IDiscussedCards
{
    /// <summary>The card a button is on when the clicker is its seller; null otherwise (anyone else has been told it is not theirs).</summary>
    Task<DiscussedCard?> LoadForClickAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken);

    /// <summary>The delivery's card if <paramref name="userId"/> is the seller it was sent to; null when there is none or it is someone else's.</summary>
    Task<DiscussedCard?> LoadIfOwnedAsync(long deliveryId, string userId, CancellationToken cancellationToken);

    /// <summary>An answered card is shown again, so it carries its thread's new size; an unanswered one is left alone.</summary>
    Task RefreshIfGradedAsync(long deliveryId, string channel, string ts, CancellationToken cancellationToken);
}
