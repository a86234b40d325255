using System.Text.Json.Nodes;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// Between a handler and the request that waits to ack: the answer goes into the ack if the handler takes the ack before the
/// request stops waiting; once the request has stopped waiting, the handler answers through response_url instead.
/// </summary>
internal sealed class AckHandoff
{
    private enum State
    {
        Waiting,
        HandlerAnswers,
        RequestGaveUp,
    }

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<JsonObject?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private State _state;

    /// <summary>What the ack carries (null: an empty ack).</summary>
    public Task<JsonObject?> Answer => _answer.Task;

    /// <summary>The handler's side: true when the ack will carry what it gives next; false when the request no longer waits.</summary>
    public bool TryTakeAck()
    {
        lock (_lock)
        {
            if (_state == State.RequestGaveUp)
                return false;
            _state = State.HandlerAnswers;
            return true;
        }
    }

    /// <summary>The request's side when its budget runs out: true when it stops waiting; false when the handler took the ack and its answer is coming.</summary>
    public bool TryGiveUp()
    {
        lock (_lock)
        {
            if (_state == State.HandlerAnswers)
                return false;
            _state = State.RequestGaveUp;
            return true;
        }
    }

    /// <summary>Hands the answer over; call only after <see cref="TryTakeAck"/> said yes.</summary>
    public void Give(JsonObject? answer) => _answer.TrySetResult(answer);

    /// <summary>The handler ends without an answer: an empty ack, if the request still waits.</summary>
    public void GiveNothing()
    {
        if (TryTakeAck())
            Give(null);
    }
}
