using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;

namespace LearningBot.Tests.Delivery.Outbox;

public sealed class InMemoryOutboxTests : OutboxContract
{
    private readonly InMemoryOutbox _outbox = new();

    private protected override Task<(IOutboxTransitions Outbox, long Seller, long OtherSeller, long Meeting, long OtherMeeting, long Question, long OtherQuestion)> CreateAsync() =>
        Task.FromResult<(IOutboxTransitions, long, long, long, long, long, long)>((_outbox, 1, 2, 1, 2, 1, 2));

    private protected override Task<(DeliveryStatus Status, string Reason)?> RowAsync(long id) =>
        Task.FromResult(_outbox.Find(id) is { } row ? (row.Status, row.Reason) : ((DeliveryStatus, string)?)null);
}
