using Npgsql;

namespace LearningBot.Sellers;

internal sealed record RosterSummary(int Added, int Updated)
{
    public override string ToString() => $"{Added} sellers added, {Updated} updated.";
}

/// <summary>Writes a checked roster in one transaction: every row or none.</summary>
internal sealed class RosterImporter(NpgsqlDataSource dataSource, SellerStore sellers, TimeProvider time)
{
    public async Task<RosterSummary> ImportAsync(IReadOnlyList<SellerImport> roster, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var seller in roster)
        {
            if (await sellers.UpsertAsync(seller, now, transaction, cancellationToken))
                added++;
        }
        await transaction.CommitAsync(cancellationToken);
        return new RosterSummary(added, roster.Count - added);
    }
}
