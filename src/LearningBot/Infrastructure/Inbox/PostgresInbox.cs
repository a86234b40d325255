using LearningBot.Slack.Receiving;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// <see cref="ISlackInbox"/> on the inbox table: store (insert-if-absent by dedupe key, group-committed), ack, then process
/// from the row. A request answered in its ack (slash commands, view submissions) is stored claimed by itself, so the
/// background loop leaves it to that request until its lease runs out.
/// </summary>
internal sealed class PostgresInbox(InboxWriter writer, InboxLoop loop, InlineAnswers inline) : ISlackInbox
{
    public async ValueTask<InboxReceipt> StoreAsync(InboxRequest request, CancellationToken cancellationToken)
    {
        var id = await writer.InsertAsync(request, request.AnswerInline ? InsertState.Claimed : InsertState.Pending);
        if (id is null)
            return InboxReceipt.DuplicateRequest;
        if (!request.AnswerInline)
        {
            loop.Wake();
            return new InboxReceipt(false, null);
        }
        var row = new InboxRow(id.Value, InboxStore.KindName(request.Kind), request.Body, Attempts: 1);
        return new InboxReceipt(false, inline.AnswerAsync(row));
    }
}
