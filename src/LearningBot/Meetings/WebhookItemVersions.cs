using Dapper;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>
/// Every statement on webhook_item_versions: the sender's updated_at last applied per meeting uid or opportunity id, and
/// whether that was a delete, so an item older than what is stored is not applied (a delete stays a delete).
/// </summary>
internal sealed class WebhookItemVersions
{
    public const string Meeting = "meeting";
    public const string Opportunity = "opportunity";

    /// <summary>
    /// Records the item's version when it is not older than the stored one and returns true (apply it); false means stale.
    /// An item without updated_at always applies and clears the stored version; at equal times a delete wins over an upsert.
    /// The row lock taken here holds until the caller's transaction ends, so two writers of one item apply in turn.
    /// </summary>
    public async Task<bool> AdmitAsync(
        string kind, string source, string externalId, DateTimeOffset? updatedAt, bool deleted, NpgsqlTransaction transaction,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            INSERT INTO webhook_item_versions (item_kind, source, external_id, updated_at, deleted)
            VALUES (@Kind, @Source, @ExternalId, @UpdatedAt, @Deleted)
            ON CONFLICT (item_kind, source, external_id) DO UPDATE
            SET updated_at = EXCLUDED.updated_at, deleted = EXCLUDED.deleted
            WHERE EXCLUDED.updated_at IS NULL OR webhook_item_versions.updated_at IS NULL
               OR EXCLUDED.updated_at > webhook_item_versions.updated_at
               OR (EXCLUDED.updated_at = webhook_item_versions.updated_at AND (EXCLUDED.deleted OR NOT webhook_item_versions.deleted))
            RETURNING true
            """, new { Kind = kind, Source = source, ExternalId = externalId, UpdatedAt = updatedAt, Deleted = deleted },
            transaction, cancellationToken: cancellationToken)) == true;

    /// <summary>The deleted ids to remove now; the ones older than their stored version go to <paramref name="stale"/>.</summary>
    public async Task<List<string>> AdmitDeletesAsync(
        string kind, string source, IReadOnlyList<DeletedItem> deleted, List<string> stale, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var removing = new List<string>();
        foreach (var item in deleted)
        {
            if (await AdmitAsync(kind, source, item.Id, item.UpdatedAt, true, transaction, cancellationToken))
                removing.Add(item.Id);
            else
                stale.Add(item.Id);
        }
        return removing;
    }
}
