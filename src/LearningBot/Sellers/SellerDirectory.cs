using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>Finds the seller behind a Slack user, registering someone new on the fly with their email and time zone from Slack.</summary>
internal sealed class SellerDirectory(NpgsqlDataSource dataSource, SellerStore sellers, ISlackApi slack, TimeProvider time)
{
    public async Task<Seller> EnsureAsync(string slackUserId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await sellers.FindBySlackUserAsync(connection, slackUserId, cancellationToken) is { } known)
            return known;

        var user = await slack.GetUserInfoAsync(slackUserId, cancellationToken);
        await sellers.RegisterFromSlackAsync(connection, user.Id, user.Email, user.RealName ?? user.Name, user.Tz, time.GetUtcNow(), cancellationToken);
        return await sellers.FindBySlackUserAsync(connection, slackUserId, cancellationToken)
            ?? throw new InvalidOperationException($"Seller {slackUserId} was not stored.");
    }

    public async Task SetPauseAsync(long sellerId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await sellers.SetPauseAsync(connection, sellerId, until, time.GetUtcNow(), cancellationToken);
    }

    public async Task<string> SettingsAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await sellers.SettingsAsync(connection, sellerId, cancellationToken);
    }

    public async Task SaveSettingsAsync(string slackUserId, string settingsJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await sellers.SaveSettingsAsync(connection, slackUserId, settingsJson, time.GetUtcNow(), cancellationToken);
    }
}
