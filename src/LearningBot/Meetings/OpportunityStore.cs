using Dapper;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>An opportunity as imported; the external id defaults to the account domain and partner.</summary>
internal sealed record OpportunityImport(
    string ExternalId, string AccountDomain, string PartnerId, string Stage, string OwnerEmail, bool Closed, DateTimeOffset? UpdatedAt = null);

/// <summary>Every statement on the opportunities table.</summary>
internal sealed class OpportunityStore
{
    public static readonly string[] ClosedStages = ["closed-won", "closed-lost"];

    public static bool IsClosed(string stage) => ClosedStages.Contains(stage.Trim().ToLowerInvariant());

    /// <summary>Inserts or updates by (source, external id); returns true for a new opportunity.</summary>
    public async Task<bool> UpsertAsync(
        string source, OpportunityImport opportunity, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition("""
            INSERT INTO opportunities (source, external_id, account_domain, partner_id, stage, owner_email, closed, updated_at)
            VALUES (@Source, @ExternalId, @AccountDomain, @PartnerId, @Stage, @OwnerEmail, @Closed, @Now)
            ON CONFLICT (source, external_id) DO UPDATE
            SET account_domain = EXCLUDED.account_domain, partner_id = EXCLUDED.partner_id, stage = EXCLUDED.stage,
                owner_email = EXCLUDED.owner_email, closed = EXCLUDED.closed, updated_at = EXCLUDED.updated_at
            RETURNING xmax = 0
            """, new
            {
                Source = source, opportunity.ExternalId, opportunity.AccountDomain, opportunity.PartnerId, opportunity.Stage,
                opportunity.OwnerEmail, opportunity.Closed, Now = now,
            }, transaction, cancellationToken: cancellationToken));

    /// <summary>Deletes the source's opportunities with these ids; returns how many there were.</summary>
    public async Task<int> DeleteAsync(string source, IReadOnlyList<string> externalIds, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        externalIds.Count == 0
            ? 0
            : await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
                DELETE FROM opportunities WHERE source = @Source AND external_id = ANY (@Ids)
                """, new { Source = source, Ids = externalIds.ToArray() }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<OpenOpportunity>> OpenAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<OpenOpportunity>(new CommandDefinition("""
            SELECT account_domain, partner_id
            FROM opportunities WHERE NOT closed
            """, transaction: transaction, cancellationToken: cancellationToken))];

    /// <summary>Live partner ids and names, to resolve an opportunity's partner column (id or name, any case).</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> PartnerNamesAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<(string Id, string Name)>(new CommandDefinition("""
            SELECT id, name FROM partners WHERE archived_at IS NULL
            """, transaction: transaction, cancellationToken: cancellationToken))];
}
