using Dapper;
using LearningBot.Infrastructure;
using LearningBot.Slack.Payloads;
using Npgsql;

namespace LearningBot.Quizzes;

/// <summary>What every card button needs first: the delivery it belongs to, checked against who clicked.</summary>
internal sealed class OwnedCards(NpgsqlDataSource dataSource, DeliveryCards cards, ClickerNotes notes)
{
    /// <summary>The card a button is on when the clicker is its seller; anyone else is told it is not theirs.</summary>
    public async Task<(LessonView View, long SellerId)?> LoadForClickAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (!long.TryParse(action.Value, out var deliveryId) || await LoadOwnedAsync(deliveryId, actions.UserId, cancellationToken) is not { } loaded)
            return null;
        if (loaded.Owned)
            return (loaded.View, loaded.SellerId);
        await notes.TellAsync(actions, "This lesson card belongs to someone else.", cancellationToken);
        return null;
    }

    /// <summary>The delivery's card and whether <paramref name="userId"/> is the seller it was sent to; null when there is no such delivery.</summary>
    public async Task<(LessonView View, long SellerId, bool Owned)?> LoadOwnedAsync(long deliveryId, string userId, CancellationToken cancellationToken)
    {
        if (await cards.LoadAsync(deliveryId, cancellationToken) is not { } loaded)
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var owner = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT slack_user_id FROM sellers WHERE id = @SellerId", new { loaded.SellerId }, cancellationToken: cancellationToken));
        return (loaded.View, loaded.SellerId, owner == userId);
    }
}
