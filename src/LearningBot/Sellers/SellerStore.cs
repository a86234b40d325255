using Dapper;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>One roster row as imported: email is the key; empty optional fields leave what is stored alone.</summary>
internal sealed record SellerImport(string Email, string? SlackUserId, string? DisplayName, string? TimeZone, string? CalendarUrl);

internal sealed record StoredSeller(long Id, string? Email, string TimeZone, string? CalendarUrl);

/// <summary>A seller as Slack-facing features see them: found by their Slack user id.</summary>
internal sealed record Seller(long Id, string SlackUserId, string TimeZone, DateTimeOffset? PausedUntil);

/// <summary>Every statement on the sellers table: roster import, meeting sources, and sellers using the bot in Slack.</summary>
internal sealed class SellerStore
{
    /// <summary>Inserts or updates by email; returns true for a new seller.</summary>
    public async Task<bool> UpsertAsync(SellerImport seller, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition("""
            INSERT INTO sellers (email, slack_user_id, display_name, time_zone, calendar_url, registered_via, created_at, updated_at)
            VALUES (@Email, @SlackUserId, @DisplayName, COALESCE(@TimeZone, 'UTC'), @CalendarUrl, 'roster', @Now, @Now)
            ON CONFLICT (email) DO UPDATE
            SET slack_user_id = COALESCE(EXCLUDED.slack_user_id, sellers.slack_user_id),
                display_name = COALESCE(EXCLUDED.display_name, sellers.display_name),
                time_zone = COALESCE(@TimeZone, sellers.time_zone),
                calendar_url = COALESCE(EXCLUDED.calendar_url, sellers.calendar_url),
                updated_at = @Now
            RETURNING xmax = 0
            """, new { seller.Email, seller.SlackUserId, seller.DisplayName, seller.TimeZone, seller.CalendarUrl, Now = now },
            transaction, cancellationToken: cancellationToken));

    public async Task<StoredSeller?> FindByEmailAsync(NpgsqlConnection connection, string email, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<StoredSeller>(new CommandDefinition("""
            SELECT id, email, time_zone, calendar_url
            FROM sellers WHERE email = @Email
            """, new { Email = email.Trim().ToLowerInvariant() }, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<StoredSeller>> ListAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<StoredSeller>(new CommandDefinition("""
            SELECT id, email, time_zone, calendar_url
            FROM sellers ORDER BY id
            """, cancellationToken: cancellationToken))];

    public Task<Seller?> FindBySlackUserAsync(NpgsqlConnection connection, string slackUserId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Seller>(new CommandDefinition(
            "SELECT id, slack_user_id, time_zone, paused_until FROM sellers WHERE slack_user_id = @slackUserId",
            new { slackUserId }, cancellationToken: cancellationToken));

    /// <summary>Someone who used the bot before any roster named them; an existing roster row with their email is linked instead.</summary>
    public Task RegisterFromSlackAsync(
        NpgsqlConnection connection, string slackUserId, string? email, string? displayName, string? timeZone, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO sellers (email, slack_user_id, display_name, time_zone, time_zone_refreshed_at, registered_via, created_at, updated_at)
            VALUES (lower(@email), @slackUserId, @displayName, coalesce(@timeZone, 'UTC'), @now, 'slash-command', @now, @now)
            ON CONFLICT (email) DO UPDATE SET slack_user_id = excluded.slack_user_id, time_zone = excluded.time_zone,
                time_zone_refreshed_at = excluded.time_zone_refreshed_at, updated_at = excluded.updated_at
            """, new { slackUserId, email, displayName, timeZone, now }, cancellationToken: cancellationToken));

    public Task SetPauseAsync(NpgsqlConnection connection, long sellerId, DateTimeOffset? until, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sellers SET paused_until = @until, updated_at = @now WHERE id = @sellerId",
            new { sellerId, until, now }, cancellationToken: cancellationToken));

    public async Task<string> SettingsAsync(NpgsqlConnection connection, long sellerId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT settings::text FROM sellers WHERE id = @sellerId", new { sellerId }, cancellationToken: cancellationToken)) ?? "{}";

    public Task SaveSettingsAsync(NpgsqlConnection connection, string slackUserId, string settingsJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sellers SET settings = @settingsJson::jsonb, updated_at = @now WHERE slack_user_id = @slackUserId",
            new { slackUserId, settingsJson, now }, cancellationToken: cancellationToken));
}
