using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Learn;

/// <summary>An <c>app_mention</c> is answered in its thread with the help text.</summary>
internal sealed class MentionReply(ISlackApi slack) : ISlackEventHandler
{
    public const string EventType = "app_mention";

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.Channel is not { } channel || slackEvent.Ts is not { } ts)
            throw new UnusableSlackPayloadException("app_mention without channel or ts");
        await slack.PostMessageAsync(
            new PostMessageRequest(channel, LearnHelp.Text, LearnHelp.Blocks(), ThreadTs: slackEvent.ThreadTs ?? ts),
            cancellationToken);
    }
}
