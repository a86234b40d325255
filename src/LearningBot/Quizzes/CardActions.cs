using Dapper;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Quizzes;

/// <summary>What every card button needs first: the delivery it belongs to, checked against who clicked.</summary>
internal sealed class CardActions(NpgsqlDataSource dataSource, LessonCards cards, AnswerStore answers, ISlackApi slack, ILogger<CardActions> logger)
{
    public async Task<(LessonView View, long SellerId)?> LoadForClickAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (!long.TryParse(action.Value, out var deliveryId) || await LoadOwnedAsync(deliveryId, actions.UserId, cancellationToken) is not { } loaded)
            return null;
        if (loaded.Owned)
            return (loaded.View, loaded.SellerId);
        await NudgeAsync(actions, "This lesson card belongs to someone else.", cancellationToken);
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

    /// <summary>A graded card is shown again with what changed around it (its thread's size); an unanswered one is left alone so no choice is lost.</summary>
    public async Task RefreshIfGradedAsync(long deliveryId, string channel, string ts, CancellationToken cancellationToken)
    {
        if (await cards.LoadAsync(deliveryId, cancellationToken) is not { } loaded)
            return;
        var grades = await answers.StoredGradesAsync(loaded.View, cancellationToken);
        if (grades.Count > 0)
        {
            await slack.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, cards.Graded(loaded.View, grades)), cancellationToken);
        }
    }

    public Task RefreshIfGradedAsync(SlackBlockActions actions, LessonView view, CancellationToken cancellationToken) =>
        actions.ChannelId is { } channel && actions.MessageTs is { } ts
            ? RefreshIfGradedAsync(view.DeliveryId, channel, ts, cancellationToken)
            : Task.CompletedTask;

    /// <summary>An ephemeral note to whoever clicked; someone who cannot receive it there (not in the channel) simply gets none.</summary>
    public async Task NudgeAsync(SlackBlockActions actions, string text, CancellationToken cancellationToken)
    {
        if (actions.ChannelId is not { } channel)
            return;
        try
        {
            await slack.PostEphemeralAsync(channel, actions.UserId, MessageBuilder.TextOnly(text), null, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            logger.LogInformation("Could not show a note to {User} in {Channel}: {Error}", actions.UserId, channel, e.Error);
        }
    }

    public Task UpdateAsync(SlackBlockActions actions, SlackMessage card, CancellationToken cancellationToken) =>
        actions.ChannelId is { } channel && actions.MessageTs is { } ts
            ? slack.UpdateMessageAsync(new UpdateMessageRequest(channel, ts, card), cancellationToken)
            : Task.CompletedTask;
}
