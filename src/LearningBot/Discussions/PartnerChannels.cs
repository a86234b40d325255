using System.Collections.Concurrent;
using LearningBot.Slack.WebApi;

namespace LearningBot.Discussions;

/// <summary>
/// The Slack channel a partner file names: an id is looked up as is, a <c>#name</c> through conversations.list (kept
/// for ten minutes, since listing is a tier-2 method). Posting joins a public channel the bot is not in yet.
/// </summary>
internal sealed class PartnerChannels(ISlackApi slack, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (SlackConversation Channel, DateTimeOffset Until)> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when Slack knows no such channel, or it is private and the bot was never invited.</summary>
    public async Task<SlackConversation?> FindAsync(string setting, CancellationToken cancellationToken)
    {
        if (!setting.StartsWith('#'))
        {
            try
            {
                return await slack.GetConversationInfoAsync(setting, cancellationToken);
            }
            catch (SlackApiException e) when (e.Error == "channel_not_found")
            {
                return null;
            }
        }
        var name = setting[1..];
        if (_byName.TryGetValue(name, out var known) && known.Until > time.GetUtcNow())
            return known.Channel;
        string? cursor = null;
        do
        {
            var page = await slack.ListConversationsAsync("public_channel,private_channel", cursor, 200, cancellationToken);
            if (page.Items.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { } found)
            {
                _byName[name] = (found, time.GetUtcNow() + KeepFor);
                return found;
            }
            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor));
        return null;
    }

    /// <summary>
    /// The ts of our message with this metadata in the channel's history, to find a post a crash kept us from
    /// recording; a history we may not read counts as none (https://api.slack.com/metadata/retrieving).
    /// </summary>
    public async Task<string?> FindOurPostAsync(string channelId, string eventType, string key, string value, CancellationToken cancellationToken)
    {
        try
        {
            return (await slack.FindInHistoryAsync(channelId, eventType, key, value, since: null, cancellationToken))?.Ts;
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            return null;
        }
    }

    /// <summary>Posts to the channel; a public channel the bot is not in is joined first (https://api.slack.com/methods/conversations.join).</summary>
    public async Task<PostedMessage> PostAsync(SlackConversation channel, PostMessageRequest request, CancellationToken cancellationToken)
    {
        request = request with { Channel = channel.Id };
        try
        {
            return await slack.PostMessageAsync(request, cancellationToken);
        }
        catch (SlackApiException e) when (e.Error == "not_in_channel" && !channel.IsPrivate)
        {
            await slack.JoinConversationAsync(channel.Id, cancellationToken);
            return await slack.PostMessageAsync(request, cancellationToken);
        }
    }
}
