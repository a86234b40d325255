using LearningBot.Discussions;
using LearningBot.Slack.Payloads;

namespace LearningBot.Quizzes;

/// <summary>The lesson cards as Discussions sees them: owned-or-not, and refreshed when their thread changes.</summary>
internal sealed class CardsForDiscussions(OwnedCards owned, CardUpdates updates) : IDiscussedCards
{
    public async Task<DiscussedCard?> LoadForClickAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken) =>
        await owned.LoadForClickAsync(actions, action, cancellationToken) is (var view, var sellerId) ? Discussed(view, sellerId) : null;

    public async Task<DiscussedCard?> LoadIfOwnedAsync(long deliveryId, string userId, CancellationToken cancellationToken) =>
        await owned.LoadOwnedAsync(deliveryId, userId, cancellationToken) is (var view, var sellerId, true) ? Discussed(view, sellerId) : null;

    public Task RefreshIfGradedAsync(long deliveryId, string channel, string ts, CancellationToken cancellationToken) =>
        updates.RefreshIfGradedAsync(deliveryId, channel, ts, cancellationToken);

    private static DiscussedCard Discussed(LessonView view, long sellerId) => new(view.DeliveryId, view.LessonId, view.Title, sellerId);
}
