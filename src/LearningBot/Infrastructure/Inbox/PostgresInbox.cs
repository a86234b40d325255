using LearningBot.Slack.Receiving;

namespace LearningBot.Infrastructure.Inbox;

/// <summary><see cref="ISlackInbox"/> on the inbox table: insert-if-absent by dedupe key (group-committed), then ack.</summary>
internal sealed class PostgresInbox(InboxWriter writer, InboxProcessor processor) : ISlackInbox
{
    public async ValueTask<InboxReceipt> StoreAsync(InboxRequest request, CancellationToken cancellationToken)
    {
        // Rows answered inline are stored already claimed, so the background loop leaves them to this request.
        var id = await writer.InsertAsync(request, claimed: request.AnswerInline);
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
