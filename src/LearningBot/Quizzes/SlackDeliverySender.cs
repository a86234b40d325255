using System.Globalization;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Quizzes;

/// <summary>
/// Sends a delivery as the lesson card in the seller's DM. The delivery id rides in the message metadata, which is
/// how <see cref="FindSentAsync"/> recognises a card that reached Slack before a crash lost the outcome.
/// </summary>
internal sealed class SlackDeliverySender(NpgsqlDataSource dataSource, ISlackApi slack, DeliveryCards cards) : IDeliverySender
{
    public async Task<SentMessage> SendAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        var channel = await DirectMessageAsync(delivery, cancellationToken);
        var loaded = await cards.LoadAsync(delivery.Id, cancellationToken)
            ?? throw new DeliveryFailedException("the lesson of this delivery no longer exists", permanent: true);
        try
        {
            var posted = await slack.PostMessageAsync(new PostMessageRequest(channel, cards.Card(loaded.View),
                Metadata: MessageMetadata.Of(DeliveryCards.MetadataEventType, "delivery_id", delivery.Id)), cancellationToken);
            return new SentMessage(posted.Channel, posted.Ts);
        }
        catch (SlackApiException e)
        {
            throw new DeliveryFailedException(e.Error, e.IsPermanent, e);
        }
    }

    public async Task<SentMessage?> FindSentAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        var channel = await DirectMessageAsync(delivery, cancellationToken);
        try
        {
            // A card is posted after its row fell due; a day before that leaves room for clocks and retries.
            var found = await slack.FindInHistoryAsync(channel, DeliveryCards.MetadataEventType, "delivery_id",
                delivery.Id.ToString(CultureInfo.InvariantCulture), since: delivery.DueAt - TimeSpan.FromDays(1), cancellationToken);
            return found is null ? null : new SentMessage(channel, found.Ts);
        }
        catch (SlackApiException e)
        {
            throw new DeliveryFailedException(e.Error, e.IsPermanent, e);
        }
    }

    private async Task<string> DirectMessageAsync(DeliveryToSend delivery, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var user = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT slack_user_id FROM sellers WHERE id = @SellerId", new { delivery.SellerId }, cancellationToken: cancellationToken))
            ?? throw new DeliveryFailedException("the seller has no Slack account linked", permanent: true);
        try
        {
            return await slack.OpenConversationAsync([user], cancellationToken);
        }
        catch (SlackApiException e)
        {
            throw new DeliveryFailedException(e.Error, e.IsPermanent, e);
        }
    }
}
