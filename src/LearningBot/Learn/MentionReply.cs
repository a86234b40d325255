using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Learn;

/// <summary>
/// An <c>app_mention</c> is answered in its thread with the help text. The reply carries the event id in its metadata, so a
/// retry after a crash first looks for a reply already posted instead of answering twice.
/// </summary>
internal sealed class MentionReply(ISlackApi slack) : ISlackEventHandler
{
    public const string EventType = "app_mention";
    public const string MetadataType = "learningbot_mention_reply";

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.Channel is not { } channel || slackEvent.Ts is not { } ts)
            throw new UnusableSlackPayloadException("app_mention without channel or ts");
        var threadTs = slackEvent.ThreadTs ?? ts;
        if (slackEvent.Attempt > 1 && await AlreadyAnsweredAsync(channel, threadTs, slackEvent.EventId, cancellationToken))
            return;
        var metadata = MessageMetadata.Of(MetadataType, "event_id", slackEvent.EventId);
        await slack.PostMessageAsync(
            new PostMessageRequest(channel, LearnHelp.Message(), ThreadTs: threadTs, Metadata: metadata),
            cancellationToken);
    }

    private async Task<bool> AlreadyAnsweredAsync(string channel, string threadTs, string eventId, CancellationToken cancellationToken)
    {
        try
        {
            return await slack.FindInThreadAsync(channel, threadTs, MetadataType, "event_id", eventId, cancellationToken) is not null;
        }
        catch (SlackApiException e) when (e.Error == "thread_not_found")
        {
            return false;
        }
    }
}
