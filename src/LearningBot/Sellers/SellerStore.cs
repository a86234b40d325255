using Dapper;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>One roster row as imported: email is the key; empty optional fields leave what is stored alone.</summary>
internal sealed record SellerImport(string Email, string? SlackUserId, string? DisplayName, string? TimeZone, string? CalendarUrl, string? ManagerEmail = null);

internal sealed record StoredSeller(long Id, string? Email, string TimeZone, string? CalendarUrl);

// Property records, not positional: Dapper matches constructors by exact type, and timestamptz arrives as DateTime.

/// <summary>A seller's secret calendar address and what the last poll learned about it.</summary>
internal sealed record SellerFeed
{
    public long SellerId { get; init; }
    public string? Email { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string CalendarUrl { get; init; } = "";
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? ExpandedAt { get; init; }
}

/// <summary>Whether the seller's calendar feed is failing, and why (shown in App Home).</summary>
internal sealed record FeedStatus
{
    public string? Error { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
}

/// <summary>A seller due for the daily Slack look-up.</summary>
internal sealed record SlackResolution(long Id, string? Email, string? SlackUserId, string TimeZone);

/// <summary>A seller as Slack-facing features see them: found by their Slack user id.</summary>
internal sealed record Seller(long Id, string SlackUserId, string TimeZone, DateTimeOffset? PausedUntil);

/// <summary>Every statement on the sellers table: roster import, meeting sources, and sellers using the bot in Slack.</summary>
internal sealed class SellerStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts or updates by email; returns true for a new seller.</summary>
    public async Task<bool> UpsertAsync(SellerImport seller, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition("""
            INSERT INTO sellers (email, slack_user_id, display_name, time_zone, calendar_url, manager_email, registered_via, created_at, updated_at)
            VALUES (@Email, @SlackUserId, @DisplayName, COALESCE(@TimeZone, 'UTC'), @CalendarUrl, @ManagerEmail, 'roster', @Now, @Now)
            ON CONFLICT (email) DO UPDATE
            SET slack_user_id = COALESCE(EXCLUDED.slack_user_id, sellers.slack_user_id),
                display_name = COALESCE(EXCLUDED.display_name, sellers.display_name),
                time_zone = COALESCE(@TimeZone, sellers.time_zone),
                calendar_url = COALESCE(EXCLUDED.calendar_url, sellers.calendar_url),
                manager_email = COALESCE(EXCLUDED.manager_email, sellers.manager_email),
                updated_at = @Now
            RETURNING xmax = 0
            """, new { seller.Email, seller.SlackUserId, seller.DisplayName, seller.TimeZone, seller.CalendarUrl, seller.ManagerEmail, Now = now },
            transaction, cancellationToken: cancellationToken));

    public async Task<StoredSeller?> FindByEmailAsync(NpgsqlConnection connection, string email, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<StoredSeller>(new CommandDefinition("""
            SELECT id, email, time_zone, calendar_url
            FROM sellers WHERE email = @Email
            """, new { Email = email.Trim().ToLowerInvariant() }, cancellationToken: cancellationToken));

    /// <summary>Seller ids by lower-case email, for the emails that belong to a seller.</summary>
    public async Task<IReadOnlyDictionary<string, long>> FindIdsByEmailAsync(IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string Email, long Id)>(new CommandDefinition("""
            SELECT email, id FROM sellers WHERE email = ANY (@Emails)
            """, new { Emails = emails.Select(e => e.Trim().ToLowerInvariant()).Distinct().ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Email, s => s.Id, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<StoredSeller>> ListAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<StoredSeller>(new CommandDefinition("""
            SELECT id, email, time_zone, calendar_url
            FROM sellers ORDER BY id
            """, cancellationToken: cancellationToken))];

    public async Task<IReadOnlyList<SellerFeed>> ListFeedsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<SellerFeed>(new CommandDefinition($"""
            {FeedColumns} WHERE calendar_url IS NOT NULL ORDER BY id
            """, cancellationToken: cancellationToken))];
    }

    public async Task<SellerFeed?> FindFeedAsync(long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SellerFeed>(new CommandDefinition($"""
            {FeedColumns} WHERE id = @sellerId AND calendar_url IS NOT NULL
            """, new { sellerId }, cancellationToken: cancellationToken));
    }

    private const string FeedColumns = """
        SELECT id AS seller_id, email, time_zone, calendar_url, calendar_etag AS etag, calendar_last_modified AS last_modified,
               calendar_expanded_at AS expanded_at
        FROM sellers
        """;

    /// <summary>The feed was read in full: its validators for the next conditional GET, and it is healthy again.</summary>
    public Task RecordFeedReadAsync(
        long sellerId, string? etag, string? lastModified, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE sellers SET calendar_etag = @etag, calendar_last_modified = @lastModified, calendar_synced_at = @now,
                calendar_expanded_at = @now, calendar_error = NULL, calendar_failing_since = NULL
            WHERE id = @sellerId
            """, new { sellerId, etag, lastModified, now }, transaction, cancellationToken: cancellationToken));

    /// <summary>304 Not Modified: the feed answers and the stored meetings are still what it says.</summary>
    public async Task RecordFeedUnchangedAsync(long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE sellers SET calendar_synced_at = @now, calendar_error = NULL, calendar_failing_since = NULL WHERE id = @sellerId
            """, new { sellerId, now }, cancellationToken: cancellationToken));
    }

    /// <summary>The feed is failing: the reason (never the address) and since when; the meetings stay as they were.</summary>
    public async Task RecordFeedFailureAsync(long sellerId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE sellers SET calendar_error = @reason, calendar_failing_since = COALESCE(calendar_failing_since, @now) WHERE id = @sellerId
            """, new { sellerId, reason, now }, cancellationToken: cancellationToken));
    }

    public Task<FeedStatus> FeedStatusAsync(NpgsqlConnection connection, long sellerId, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<FeedStatus>(new CommandDefinition("""
            SELECT calendar_error AS error, calendar_failing_since AS failing_since FROM sellers WHERE id = @sellerId
            """, new { sellerId }, cancellationToken: cancellationToken));

    /// <summary>Sellers never looked up in Slack, or not since <paramref name="checkedBefore"/>.</summary>
    public async Task<IReadOnlyList<SlackResolution>> ListDueForSlackAsync(DateTimeOffset checkedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<SlackResolution>(new CommandDefinition("""
            SELECT id, email, slack_user_id, time_zone FROM sellers
            WHERE slack_checked_at IS NULL OR slack_checked_at < @checkedBefore ORDER BY id
            """, new { checkedBefore }, cancellationToken: cancellationToken))];
    }

    /// <summary>Stores what Slack says about the seller; false when that Slack user already belongs to another seller.</summary>
    public async Task<bool> RecordSlackUserAsync(
        long sellerId, string slackUserId, string? displayName, string timeZone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE sellers SET slack_user_id = @slackUserId, display_name = COALESCE(@displayName, display_name), time_zone = @timeZone,
                time_zone_refreshed_at = @now, slack_checked_at = @now, slack_error = NULL, updated_at = @now
            WHERE id = @sellerId AND NOT EXISTS (SELECT 1 FROM sellers other WHERE other.slack_user_id = @slackUserId AND other.id <> @sellerId)
            """, new { sellerId, slackUserId, displayName, timeZone, now }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task RecordSlackErrorAsync(long sellerId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE sellers SET slack_error = @reason, slack_checked_at = @now WHERE id = @sellerId
            """, new { sellerId, reason, now }, cancellationToken: cancellationToken));
    }

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
