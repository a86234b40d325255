using Dapper;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Sellers;

internal sealed record Seller(long Id, string SlackUserId, string TimeZone, DateTimeOffset? PausedUntil);

/// <summary>Finds the seller behind a Slack user, registering someone new on the fly with their email and time zone from Slack.</summary>
internal sealed class SellerDirectory(NpgsqlDataSource dataSource, ISlackApi slack, TimeProvider time)
{
    public async Task<Seller> EnsureAsync(string slackUserId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await FindAsync(connection, slackUserId) is { } known)
            return known;

        var user = await slack.GetUserInfoAsync(slackUserId, cancellationToken);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync("""
            INSERT INTO sellers (email, slack_user_id, display_name, time_zone, time_zone_refreshed_at, registered_via, created_at, updated_at)
            VALUES (lower(@Email), @Id, coalesce(@RealName, @Name), coalesce(@Tz, 'UTC'), @now, 'slash-command', @now, @now)
            ON CONFLICT (email) DO UPDATE SET slack_user_id = excluded.slack_user_id, time_zone = excluded.time_zone,
                time_zone_refreshed_at = excluded.time_zone_refreshed_at, updated_at = excluded.updated_at
            """, new { user.Email, user.Id, user.RealName, user.Name, user.Tz, now });
        return await FindAsync(connection, slackUserId) ?? throw new InvalidOperationException($"Seller {slackUserId} was not stored.");
    }

    public async Task SetPauseAsync(long sellerId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sellers SET paused_until = @until, updated_at = @now WHERE id = @sellerId",
            new { sellerId, until, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<string> SettingsAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT settings::text FROM sellers WHERE id = @sellerId", new { sellerId }, cancellationToken: cancellationToken)) ?? "{}";
    }

    private static Task<Seller?> FindAsync(NpgsqlConnection connection, string slackUserId) =>
        connection.QuerySingleOrDefaultAsync<Seller>(
            "SELECT id, slack_user_id, time_zone, paused_until FROM sellers WHERE slack_user_id = @slackUserId", new { slackUserId });
}
