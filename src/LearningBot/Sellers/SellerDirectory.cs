using System.Collections.Concurrent;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>Finds the seller behind a Slack user, registering someone new on the fly with their email and time zone from Slack.</summary>
internal sealed class SellerDirectory(NpgsqlDataSource dataSource, SellerStore sellers, ISlackApi slack, TimeProvider time)
{
    /// <summary>Slack users this instance has found or registered as sellers: registration is never undone, so they need no second look.</summary>
    private readonly ConcurrentDictionary<string, bool> _registered = new(StringComparer.Ordinal);

    /// <summary>Registers a Slack user the bot does not know yet, for commands that do not need the seller's row.</summary>
    public async Task EnsureRegisteredAsync(string slackUserId, CancellationToken cancellationToken)
    {
        if (!_registered.ContainsKey(slackUserId))
            await EnsureAsync(slackUserId, cancellationToken);
    }

    public async Task<Seller> EnsureAsync(string slackUserId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await sellers.FindBySlackUserAsync(connection, slackUserId, cancellationToken) is { } known)
        {
            _registered.TryAdd(slackUserId, true);
            return known;
        }

        var user = await slack.GetUserInfoAsync(slackUserId, cancellationToken);
        await sellers.RegisterFromSlackAsync(connection, user.Id, user.Email, user.RealName ?? user.Name, user.Tz, time.GetUtcNow(), cancellationToken);
        var registered = await sellers.FindBySlackUserAsync(connection, slackUserId, cancellationToken)
            ?? throw new InvalidOperationException($"Seller {slackUserId} was not stored.");
        _registered.TryAdd(slackUserId, true);
        return registered;
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
