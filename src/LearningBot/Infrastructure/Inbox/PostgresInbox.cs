using LearningBot.Slack.Receiving;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// <see cref="ISlackInbox"/> on the inbox table: insert-if-absent by dedupe key (group-committed), then ack.
/// Slash commands are the exception that saves a commit: Slack never retries them and the user sees an error when the ack
/// does not come, so the handler runs first and the row is stored already done (or claimed, when the handler is slow)
/// before the ack; nothing acked is ever missing from the inbox.
/// </summary>
internal sealed class PostgresInbox(InboxWriter writer, InboxProcessor processor) : ISlackInbox
{
    public async ValueTask<InboxReceipt> StoreAsync(InboxRequest request, CancellationToken cancellationToken)
    {
        if (request.AnswerInline && request.Kind == InboxKind.Command)
            return new InboxReceipt(false, processor.HandleThenStoreAsync(request));

        // View submissions can be double-clicked: store first (claimed, so the background loop leaves them to this request).
        var id = await writer.InsertAsync(request, request.AnswerInline ? InsertState.Claimed : InsertState.Pending);
        if (id is null)
            return InboxReceipt.DuplicateRequest;
        if (!request.AnswerInline)
        {
            processor.Wake();
            return new InboxReceipt(false, null);
        }
        var row = new InboxRow(id.Value, InboxStore.KindName(request.Kind), request.Body, Attempts: 1);
        return new InboxReceipt(false, processor.AnswerInlineAsync(row));
    }
}
