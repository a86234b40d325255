using LearningBot.Infrastructure;
using Npgsql;

namespace LearningBot.Meetings;

internal sealed record OpportunityImportResult(int Added, int Updated, int Rematched, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"{Added} opportunities added, {Updated} updated; partner matches of {Rematched} upcoming meetings recomputed.";
}

/// <summary>
/// learningbot opportunities import: CSV with account_domain, partner (id or name), stage, owner_email and an optional
/// id. closed-won and closed-lost are closed. All rows or none; then the matches of upcoming meetings are recomputed.
/// </summary>
internal sealed class OpportunityImporter(NpgsqlDataSource dataSource, OpportunityStore store, MeetingStore meetings, TimeProvider time)
{
    public const string Source = "file";

    public async Task<OpportunityImportResult> ImportAsync(string path, string text, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> header;
        IReadOnlyList<CsvRow> rows;
        try
        {
            (header, rows) = CsvTable.Parse(text);
        }
        catch (FormatException e)
        {
            return Failed($"{path}:{e.Message.Replace(": ", ": error: ", StringComparison.Ordinal)}");
        }
        var missing = new[] { "account_domain", "partner", "stage", "owner_email" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return Failed($"{path}:1: error: the header lacks {string.Join(", ", missing)}");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var partners = await store.PartnerNamesAsync(transaction, cancellationToken);
        var errors = new List<string>();
        var imports = new List<OpportunityImport>();
        foreach (var row in rows)
        {
            var at = $"{path}:{row.Line}: error:";
            var domain = row["account_domain"]?.ToLowerInvariant();
            var partner = row["partner"];
            var stage = row["stage"]?.ToLowerInvariant();
            var owner = row["owner_email"]?.ToLowerInvariant();
            foreach (var (column, value) in new[] { ("account_domain", domain), ("partner", partner), ("stage", stage), ("owner_email", owner) })
            {
                if (value is null)
                    errors.Add($"{at} {column} is required");
            }
            if (domain is null || partner is null || stage is null || owner is null)
                continue;
            if (domain.Contains('@', StringComparison.Ordinal) || !domain.Contains('.', StringComparison.Ordinal))
                errors.Add($"{at} account_domain \"{domain}\" is not a domain such as contoso.com");
            if (!owner.Contains('@', StringComparison.Ordinal))
                errors.Add($"{at} owner_email \"{owner}\" is not an email address");
            var partnerId = partners.FirstOrDefault(p =>
                string.Equals(p.Id, partner, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, partner, StringComparison.OrdinalIgnoreCase)).Id;
            if (partnerId is null)
            {
                errors.Add($"{at} partner \"{partner}\" is not a known partner (import content first; known: {string.Join(", ", partners.Select(p => p.Id))})");
                continue;
            }
            imports.Add(new OpportunityImport(row["id"] ?? $"{domain}/{partnerId}", domain, partnerId, stage, owner, OpportunityStore.IsClosed(stage)));
        }
        if (errors.Count > 0)
            return Failed([.. errors]);

        var now = time.GetUtcNow();
        var added = 0;
        foreach (var opportunity in imports)
        {
            if (await store.UpsertAsync(Source, opportunity, now, transaction, cancellationToken))
                added++;
        }
        var upcoming = await meetings.UpcomingIdsAsync(now, transaction, cancellationToken);
        await meetings.RematchAsync(upcoming, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OpportunityImportResult(added, imports.Count - added, upcoming.Length, []);
    }

    private static OpportunityImportResult Failed(params string[] errors) => new(0, 0, 0, errors);
}
