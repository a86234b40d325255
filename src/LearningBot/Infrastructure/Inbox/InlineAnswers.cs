using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// The inline side of the inbox: a slash command or view submission is stored claimed by its own request, handled at once,
/// and its answer goes into the ack when it is ready within <see cref="InboxOptions.InlineAnswerBudget"/>; a slower
/// answer goes to response_url when it is ready. Rows answered inline are bounded by the requests waiting for them, so
/// they do not take a background slot.
/// </summary>
internal sealed class InlineAnswers(InboxRowHandler handler, InFlightRows inFlight, TimeProvider time, IOptions<InboxOptions> options)
{
    private readonly TimeSpan _budget = options.Value.InlineAnswerBudget;

    /// <summary>The answer for the ack, or null for an empty ack.</summary>
    public async Task<JsonObject?> AnswerAsync(InboxRow row)
    {
        var ack = new AckHandoff();
        inFlight.Track(row.Id, handler.HandleAsync(row, ack, time.GetUtcNow()));
        using var budget = new CancellationTokenSource(_budget, time);
        try
        {
            return await ack.Answer.WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return ack.TryGiveUp() ? null : await ack.Answer;
        }
    }
}
