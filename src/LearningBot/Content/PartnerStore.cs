using Dapper;
using Npgsql;

namespace LearningBot.Content;

internal sealed record StoredPartner(string Id, string ContentHash, bool Archived);

/// <summary>Every statement on the partners table that content import needs.</summary>
internal sealed class PartnerStore
{
    public async Task<IReadOnlyList<StoredPartner>> ListAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<StoredPartner>(new CommandDefinition("""
            SELECT id, content_hash, archived_at IS NOT NULL AS archived
            FROM partners
            """, transaction: transaction, cancellationToken: cancellationToken))];

    public Task InsertAsync(PartnerDefinition partner, string hash, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO partners (id, name, summary, aliases, email_domains, channel, content_hash, created_at, updated_at)
            VALUES (@Id, @Name, @Summary, @Aliases, @Domains, @Channel, @Hash, @Now, @Now)
            """, Parameters(partner, hash, now), transaction, cancellationToken: cancellationToken));

    public Task UpdateAsync(PartnerDefinition partner, string hash, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE partners
            SET name = @Name, summary = @Summary, aliases = @Aliases, email_domains = @Domains, channel = @Channel,
                content_hash = @Hash, archived_at = NULL, updated_at = @Now
            WHERE id = @Id
            """, Parameters(partner, hash, now), transaction, cancellationToken: cancellationToken));

    public Task RestoreAsync(string id, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE partners SET archived_at = NULL, updated_at = @Now WHERE id = @Id
            """, new { Id = id, Now = now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Archives the partners no longer in the files; returns how many.</summary>
    public Task<int> ArchiveMissingAsync(IReadOnlyCollection<string> keep, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE partners SET archived_at = @Now, updated_at = @Now
            WHERE archived_at IS NULL AND NOT (id = ANY (@Keep))
            """, new { Keep = keep.ToArray(), Now = now }, transaction, cancellationToken: cancellationToken));

    private static object Parameters(PartnerDefinition partner, string hash, DateTimeOffset now) => new
    {
        partner.Id,
        partner.Name,
        partner.Summary,
        Aliases = partner.Aliases.ToArray(),
        Domains = partner.Domains.ToArray(),
        partner.Channel,
        Hash = hash,
        Now = now,
    };
}
