using System.Globalization;
using System.Text.Json.Nodes;
using LearningBot.Slack;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace LearningBot.Discussions;

/// <summary>
/// Once a week, from Monday 09:00 in each partner channel's zone: the week's most discussed lessons, the most missed
/// question with its right answer, and new lessons, as one message; a week with nothing to say is recorded as skipped.
/// The week's row is claimed before anything is posted, so several instances and restarts send each digest once; a
/// claim that expired mid-send is checked against the channel (by the row id in the message metadata) before posting again.
/// </summary>
internal sealed class WeeklyDigest(
    DigestStore store, PartnerChannels channels, IOptionsMonitor<DiscussionsOptions> options,
    IOptionsMonitor<SlackOptions> slackOptions, TimeProvider time, ILogger<WeeklyDigest> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Sends every digest that is due and not yet recorded; returns how many were posted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.WeeklyDigest || string.IsNullOrWhiteSpace(slackOptions.CurrentValue.BotToken))
            return 0;
        var posted = 0;
        foreach (var channel in await store.ChannelsAsync(cancellationToken))
        {
            var week = DigestWeek.Latest(time.GetUtcNow(), options.CurrentValue.ZoneOf(channel.Channel));
            if (await store.ClaimAsync(channel.Channel, week.Monday, time.GetUtcNow(), Lease, cancellationToken) is not { } claim)
                continue;
            try
            {
                if (await SendAsync(channel, week, claim, cancellationToken))
                    posted++;
            }
            catch (SlackApiException e) when (!e.IsPermanent)
            {
                logger.LogWarning("Weekly digest for {Channel} not sent yet ({Error}); trying again when the claim expires", channel.Channel, e.Error);
            }
        }
        return posted;
    }

    private async Task<bool> SendAsync(DigestChannel channel, DigestWeek week, DigestClaim claim, CancellationToken cancellationToken)
    {
        var content = await store.ContentAsync(channel.PartnerIds, week.Covers, week.Due, cancellationToken);
        if (content.IsEmpty)
        {
            await store.FinishAsync(claim.Id, "skipped", null, null, "nothing to say this week", time.GetUtcNow(), cancellationToken);
            return false;
        }
        SlackConversation? conversation = null;
        try
        {
            conversation = await channels.FindAsync(channel.Channel, cancellationToken);
            if (conversation is null)
            {
                logger.LogWarning("Weekly digest for {Channel} not sent: no such channel, or a private one the bot is not in", channel.Channel);
                await store.FinishAsync(claim.Id, "failed", null, null, "channel_not_found", time.GetUtcNow(), cancellationToken);
                return false;
            }
            if (claim.Reclaimed && await channels.FindOurPostAsync(conversation.Id, DigestMessage.MetadataEventType, "digest_id",
                    claim.Id.ToString(CultureInfo.InvariantCulture), cancellationToken) is { } earlier)
            {
                await store.FinishAsync(claim.Id, "sent", conversation.Id, earlier, null, time.GetUtcNow(), cancellationToken);
                return false;
            }
            var posted = await channels.PostAsync(conversation, new PostMessageRequest(conversation.Id, DigestMessage.Render(channel, content),
                Metadata: MessageMetadata.Of(DigestMessage.MetadataEventType, "digest_id", claim.Id),
                UnfurlLinks: false), cancellationToken);
            await store.FinishAsync(claim.Id, "sent", conversation.Id, posted.Ts, null, time.GetUtcNow(), cancellationToken);
            return true;
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            logger.LogWarning("Weekly digest for {Channel} not sent: {Error}", channel.Channel, e.Error);
            await store.FinishAsync(claim.Id, "failed", conversation?.Id, null, e.Error, time.GetUtcNow(), cancellationToken);
            return false;
        }
    }
}
