using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Quizzes;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Discussions;

/// <summary>
/// The take-away modal's submit: an empty or overlong text is shown under the field; otherwise the take-away goes into
/// the lesson's thread (started if there is none yet), counts as the seller's reply, and the card shows the new size.
/// </summary>
internal sealed class TakeawayModal(CardActions cards, DiscussionThreads threads, DiscussionStore store, ISlackApi slack, TimeProvider time)
    : ISlackViewSubmissionHandler
{
    public const string CallbackId = "lesson-takeaway";
    public const string BlockId = "takeaway";
    public const string InputActionId = "text";
    public const int MaxLength = 1000;

    /// <summary>The card the modal was opened from, carried in private_metadata.</summary>
    public sealed record Card(long DeliveryId, string? Channel, string? Ts);

    public static JsonObject View(string lessonTitle, Card card)
    {
        var modal = new ModalBuilder("Your take-away").CallbackId(CallbackId).Submit("Share").Close("Cancel")
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
        return JsonNode.Parse(BlockKitJson.Serialize(modal))!.AsObject();
    }

    public async Task<JsonObject?> HandleAsync(SlackViewSubmission submission, CancellationToken cancellationToken)
    {
        var text = Entered(submission.View)?.Trim() ?? "";
        if (text.Length == 0)
            return Error("Write one thing you'll use.");
        if (text.Length > MaxLength)
            return Error(string.Create(CultureInfo.InvariantCulture, $"Keep it under {MaxLength} characters."));
        if (Read(submission.PrivateMetadata) is not { } card
            || await cards.LoadOwnedAsync(card.DeliveryId, submission.UserId, cancellationToken) is not { Owned: true } loaded)
            return Error("This lesson card belongs to someone else.");

        var outcome = await threads.EnsureAsync(loaded.View.LessonId, submission.UserId, loaded.SellerId, cancellationToken);
        if (outcome is not ThreadOutcome.Ready(var thread, _))
        {
            await TellAsync(card, submission.UserId, DiscussionMessages.Problem(outcome)!, cancellationToken);
            return null;
        }
        var posted = await slack.PostMessageAsync(new PostMessageRequest(thread.ChannelId, DiscussionMessages.Takeaway(submission.UserId, text),
            ThreadTs: thread.ThreadTs), cancellationToken);
        await store.SaveTakeawayAsync(thread, posted.Ts, submission.UserId, text, time.GetUtcNow(), cancellationToken);
        await TellAsync(card, submission.UserId,
            $":bulb: Shared in {Mrkdwn.Channel(thread.ChannelId)}: {DiscussionMessages.ThreadLink(thread, "see the thread")}. Thank you!", cancellationToken);
        if (card is { Channel: { } channel, Ts: { } ts })
            await cards.RefreshIfGradedAsync(card.DeliveryId, channel, ts, cancellationToken);
        return null;
    }

    private async Task TellAsync(Card card, string userId, string text, CancellationToken cancellationToken)
    {
        if (card.Channel is not { } channel)
            return;
        try
        {
            await slack.PostEphemeralAsync(channel, userId, text, null, null, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            // The seller left the conversation the card is in; the thread itself shows what happened.
        }
    }

    private static string? Entered(JsonElement view) =>
        view.TryGetProperty("state", out var state) && state.TryGetProperty("values", out var values)
        && values.TryGetProperty(BlockId, out var block) && block.TryGetProperty(InputActionId, out var input)
        && input.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

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

    private static JsonObject Error(string message) =>
        new() { ["response_action"] = "errors", ["errors"] = new JsonObject { [BlockId] = message } };
}
