using LearningBot.Slack;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace LearningBot.Sellers;

/// <summary>
/// Finds each seller's Slack user by roster email (users.lookupByEmail) and refreshes name and time zone from users.info,
/// once a day per seller. A seller Slack does not know is recorded with the reason and tried again the next day.
/// <see cref="ISlackApi"/> is the seam: tests point it at the emulator or substitute it.
/// </summary>
internal sealed partial class SlackUserResolver(
    SellerStore sellers, ISlackApi slack, IOptions<SlackOptions> slackOptions, TimeProvider time, ILogger<SlackUserResolver> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromDays(1);

    /// <summary>Returns how many sellers were resolved.</summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slackOptions.Value.BotToken))
            return 0;
        var now = time.GetUtcNow();
        var resolved = 0;
        foreach (var seller in await sellers.ListDueForSlackAsync(now - RefreshEvery, cancellationToken))
        {
            try
            {
                if (await ResolveAsync(seller, now, cancellationToken))
                    resolved++;
            }
            catch (SlackApiException e) when (e.IsPermanent)
            {
                await FailAsync(seller, $"Slack answered {e.Error} to {e.Method}", now, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLookupFailed(e, seller.Id);
            }
        }
        return resolved;
    }

    private async Task<bool> ResolveAsync(SlackResolution seller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var userId = seller.SlackUserId;
        if (userId is null)
        {
            if (seller.Email is null)
                return false;
            try
            {
                userId = (await slack.LookupUserByEmailAsync(seller.Email, cancellationToken)).Id;
            }
            catch (SlackApiException e) when (e.Error == "users_not_found")
            {
                return await FailAsync(seller, $"no Slack user has the email {seller.Email}", now, cancellationToken);
            }
        }

        SlackUser user;
        try
        {
            user = await slack.GetUserInfoAsync(userId, cancellationToken);
        }
        catch (SlackApiException e) when (e.Error == "user_not_found")
        {
            return await FailAsync(seller, $"Slack has no user {userId}", now, cancellationToken);
        }
        if (user.Deleted)
            return await FailAsync(seller, $"Slack user {user.Id} is deactivated", now, cancellationToken);

        var timeZone = user.Tz is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) ? zone : seller.TimeZone;
        var name = string.IsNullOrWhiteSpace(user.RealName) ? user.Name : user.RealName;
        if (!await sellers.RecordSlackUserAsync(seller.Id, user.Id, name, timeZone, now, cancellationToken))
            return await FailAsync(seller, $"Slack user {user.Id} already belongs to another seller", now, cancellationToken);
        return true;
    }

    private async Task<bool> FailAsync(SlackResolution seller, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogNotResolved(seller.Id, reason);
        await sellers.RecordSlackErrorAsync(seller.Id, reason, now, cancellationToken);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seller {SellerId} not resolved in Slack: {Reason}")]
    private partial void LogNotResolved(long sellerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack look-up for seller {SellerId} failed; the next run tries again")]
    private partial void LogLookupFailed(Exception exception, long sellerId);
}
