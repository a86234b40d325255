using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.WebApi;

namespace LearningBot.Infrastructure;

/// <summary>A short ephemeral note to whoever clicked a button, in the conversation the button is in.</summary>
internal sealed class ClickerNotes(ISlackApi slack, ILogger<ClickerNotes> logger)
{
    /// <summary>Someone who cannot receive it there (not in the channel) simply gets none.</summary>
    public async Task TellAsync(SlackBlockActions actions, string text, CancellationToken cancellationToken)
    {
        if (actions.ChannelId is not { } channel)
            return;
        try
        {
            await slack.PostEphemeralAsync(channel, actions.UserId, MessageBuilder.TextOnly(text), null, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            logger.LogInformation("Could not show a note to {User} in {Channel}: {Error}", actions.UserId, channel, e.Error);
        }
    }
}
