using Dapper;
using Npgsql;

namespace LearningBot.Sellers;

/// <summary>One roster row as imported: email is the key; empty optional fields leave what is stored alone.</summary>
internal sealed record SellerImport(string Email, string? SlackUserId, string? DisplayName, string? TimeZone, string? CalendarUrl);

internal sealed record StoredSeller(long Id, string? Email, string TimeZone, string? CalendarUrl);

/// <summary>Every statement on the sellers table that roster import and the meeting sources need.</summary>
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
}
