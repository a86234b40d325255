using System.Globalization;
using System.Text.Json;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Discussions;

/// <summary>
/// The take-away modal's submit: an empty or overlong text is shown under the field; otherwise the modal closes at once
/// and, after the ack, the take-away goes into the lesson's thread (started if there is none yet), counts as the
/// seller's reply, and the card shows the new size.
/// </summary>
internal sealed class TakeawayModal(
    IDiscussedCards cards, DiscussionThreads threads, DiscussionStore store, ISlackApi slack, TimeProvider time, ILogger<TakeawayModal> logger)
    : ISlackViewSubmissionHandler, ISlackViewSubmissionFollowUp
{
    public const string CallbackId = "lesson-takeaway";
    public const string BlockId = "takeaway";
    public const string InputActionId = "text";
    public const int MaxLength = 1000;

    /// <summary>The card the modal was opened from, carried in private_metadata.</summary>
    public sealed record Card(long DeliveryId, string? Channel, string? Ts);

    public static ModalView View(string lessonTitle, Card card)
    {
        return new ModalBuilder("Your take-away").CallbackId(CallbackId).Submit("Share").Close("Cancel")
            .PrivateMetadata(JsonSerializer.Serialize(card))
            .Add(
                new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate($"*{Mrkdwn.Escape(lessonTitle)}*\nWhat is one thing from this lesson you'll use? "
                    + "It goes into the lesson's thread in the partner channel.", BlockKitLimits.SectionTextMaxLength))),
                new InputBlock(TextObject.Plain("Share one thing you'll use"), new PlainTextInputElement(InputActionId)
                {
                    Multiline = true,
                    MaxLength = MaxLength,
                    Placeholder = TextObject.Plain("Next week I'll open with the three entry questions…"),
                }) { BlockId = BlockId })
            .Build();
    }

    /// <summary>Checks the text and the card only, so the modal closes at once; the posting happens after the ack.</summary>
    public async Task<ViewSubmissionAnswer?> HandleAsync(SlackViewSubmission submission, CancellationToken cancellationToken) =>
        await ValidAsync(submission, cancellationToken) is (_, _, { } error) ? error : null;

    public async Task AfterAnswerAsync(SlackViewSubmission submission, CancellationToken cancellationToken)
    {
        if (await ValidAsync(submission, cancellationToken) is not (var text, { } card, null))
            return;
        var outcome = await threads.EnsureAsync(card.Lesson.LessonId, submission.UserId, card.Lesson.SellerId, cancellationToken);
        if (outcome is not ThreadOutcome.Ready(var thread, _))
        {
            await TellAsync(card.Origin, submission.UserId, DiscussionMessages.Problem(outcome)!, cancellationToken);
            return;
        }
        var posted = await slack.PostMessageAsync(new PostMessageRequest(thread.ChannelId,
            MessageBuilder.TextOnly(DiscussionMessages.Takeaway(submission.UserId, text)), ThreadTs: thread.ThreadTs), cancellationToken);
        await store.SaveTakeawayAsync(thread, posted.Ts, submission.UserId, text, time.GetUtcNow(), cancellationToken);
        // The take-away is posted and stored: nothing after this may fail the request, or a retry would post it again.
        await TellAsync(card.Origin, submission.UserId,
            $":bulb: Shared in {Mrkdwn.Channel(thread.ChannelId)}: {DiscussionMessages.ThreadLink(thread, "see the thread")}. Thank you!", cancellationToken);
        if (card.Origin is { Channel: { } channel, Ts: { } ts })
        {
            try
            {
                await cards.RefreshIfGradedAsync(card.Origin.DeliveryId, channel, ts, cancellationToken);
            }
            catch (SlackApiException e)
            {
                logger.LogWarning("Shared a take-away but could not refresh its card {Delivery}: {Error}", card.Origin.DeliveryId, e.Error);
            }
        }
    }

    private sealed record OwnedCard(Card Origin, DiscussedCard Lesson);

    private async Task<(string Text, OwnedCard? Card, ViewSubmissionAnswer? Error)> ValidAsync(SlackViewSubmission submission, CancellationToken cancellationToken)
    {
        var text = submission.State.Text(BlockId, InputActionId)?.Trim() ?? "";
        if (text.Length == 0)
            return (text, null, Error("Write one thing you'll use."));
        if (text.Length > MaxLength)
            return (text, null, Error(string.Create(CultureInfo.InvariantCulture, $"Keep it under {MaxLength} characters.")));
        if (Read(submission.PrivateMetadata) is not { } card
            || await cards.LoadIfOwnedAsync(card.DeliveryId, submission.UserId, cancellationToken) is not { } owned)
            return (text, null, Error("This lesson card belongs to someone else."));
        return (text, new OwnedCard(card, owned), null);
    }

    private async Task TellAsync(Card card, string userId, string text, CancellationToken cancellationToken)
    {
        if (card.Channel is not { } channel)
            return;
        try
        {
            await slack.PostEphemeralAsync(channel, userId, MessageBuilder.TextOnly(text), null, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            // The seller left the conversation the card is in; the thread itself shows what happened.
        }
    }

    private static Card? Read(string? metadata)
    {
        try
        {
            return string.IsNullOrEmpty(metadata) ? null : JsonSerializer.Deserialize<Card>(metadata);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ViewSubmissionAnswer Error(string message) => ViewSubmissionAnswer.WithError(BlockId, message);
}
