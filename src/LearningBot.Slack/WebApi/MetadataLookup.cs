using System.Globalization;

namespace LearningBot.Slack.WebApi;

/// <summary>
/// Finds a message the app posted earlier by its message metadata (https://docs.slack.dev/messaging/message-metadata),
/// paging by cursor newest first, so a post whose outcome was lost is recognised however much came after it.
/// </summary>
public static class MetadataLookup
{
    /// <summary>Slack returns at most 200 messages a page for history and replies without a warning.</summary>
    public const int PageSize = 200;

    /// <summary>How far a look-up goes at most: 25 pages, 5,000 messages.</summary>
    public const int MaxPages = 25;

    /// <param name="since">Messages older than this are not looked at (Slack's <c>oldest</c>); null looks as far as <see cref="MaxPages"/>.</param>
    public static Task<HistoryMessage?> FindInHistoryAsync(
        this ISlackApi slack, string channel, string eventType, string key, string value, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var oldest = since is { } at ? Timestamp(at) : null;
        return FindAsync(cursor => slack.GetConversationHistoryAsync(channel, oldest, cursor, PageSize, cancellationToken), eventType, key, value);
    }

    public static Task<HistoryMessage?> FindInThreadAsync(
        this ISlackApi slack, string channel, string threadTs, string eventType, string key, string value, CancellationToken cancellationToken) =>
        FindAsync(cursor => slack.GetConversationRepliesAsync(channel, threadTs, cursor, PageSize, cancellationToken), eventType, key, value);

    private static async Task<HistoryMessage?> FindAsync(
        Func<string?, Task<SlackPage<HistoryMessage>>> page, string eventType, string key, string value)
    {
        string? cursor = null;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var messages = await page(cursor);
            if (messages.Items.FirstOrDefault(m => m.Metadata?.Carries(eventType, key, value) == true) is { } found)
                return found;
            if (string.IsNullOrEmpty(cursor = messages.NextCursor))
                return null;
        }
        return null;
    }

    /// <summary>A Slack message timestamp ("seconds.micros") for an instant.</summary>
    private static string Timestamp(DateTimeOffset at) =>
        at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".000000";
}
