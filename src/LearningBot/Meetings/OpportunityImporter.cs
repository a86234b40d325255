using System.Text.Json;
using LearningBot.Infrastructure;
using Npgsql;

namespace LearningBot.Meetings;

/// <param name="Stale">Ids left out because the sender's updated_at is older than the one applied before.</param>
/// <param name="Replayed">The same signed request was written before; nothing was written now.</param>
internal sealed record OpportunityImportResult(
    int Added, int Updated, int Deleted, int Rematched, IReadOnlyList<string> Errors, IReadOnlyList<string>? Stale = null, bool Replayed = false)
{
    public override string ToString() =>
        $"{Added} opportunities added, {Updated} updated{(Deleted > 0 ? $", {Deleted} deleted" : "")}; partner matches of {Rematched} upcoming meetings recomputed.";
}

/// <summary>
/// Opportunities in, from the CSV import (source "file") or the signed webhook (source "webhook"): account_domain,
/// partner (id or name), stage, owner_email and an optional id; closed-won and closed-lost are closed. All rows or
/// none; then the matches of upcoming meetings are recomputed and the sellers whose matches moved are re-planned.
/// </summary>
internal sealed class OpportunityImporter(
    NpgsqlDataSource dataSource, OpportunityStore store, WebhookItemVersions versions, MeetingStore meetings, MeetingChangeNotifier changes,
    TimeProvider time)
{
    public const string Source = "file";
    public const string WebhookSource = "webhook";
    private static readonly string[] Columns = ["account_domain", "partner", "stage", "owner_email"];
    private static readonly string[] JsonFields = ["id", .. Columns, WebhookBody.UpdatedAtField];

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
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return Failed($"{path}:1: error: the header lacks {string.Join(", ", missing)}");
        return await WriteAsync(Source, [.. rows.Select(r => ($"{path}:{r.Line}: error:", (Func<string, string?>)(c => r[c])))], [], [], null, cancellationToken);
    }

    /// <summary>
    /// The webhook body: <c>{"opportunities": [{"id", "account_domain", "partner", "stage", "owner_email", "updated_at"}],
    /// "deleted": ["id" or {"id", "updated_at"}]}</c>. Errors read like <c>opportunities[0]: partner "x" is not a known partner</c>.
    /// </summary>
    public async Task<OpportunityImportResult> ImportJsonAsync(JsonElement root, CancellationToken cancellationToken, WebhookReplayCheck? replay = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return Failed(WebhookBody.NotAnObject("opportunities"));
        var errors = WebhookBody.UnknownFields(root, "opportunities").ToList();
        var rows = new List<(string, Func<string, string?>)>();
        if (root.TryGetProperty("opportunities", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
                errors.Add("\"opportunities\" must be an array");
            else
            {
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    var at = $"opportunities[{index++}]:";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add($"{at} each opportunity must be an object");
                        continue;
                    }
                    foreach (var field in item.EnumerateObject())
                    {
                        if (!JsonFields.Contains(field.Name))
                            errors.Add($"{at} unknown field \"{field.Name}\" (known: {string.Join(", ", JsonFields)})");
                        else if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                            errors.Add($"{at} {field.Name} must be a string");
                    }
                    rows.Add((at, name => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                        && v.GetString()!.Trim() is { Length: > 0 } s ? s : null));
                }
            }
        }
        var deleted = WebhookBody.Deleted(root, "opportunity ids", "id", errors);
        return await WriteAsync(WebhookSource, rows, deleted, errors, replay, cancellationToken);
    }

    /// <param name="errors">Problems found already; the rows are checked too, so every problem is reported at once.</param>
    private async Task<OpportunityImportResult> WriteAsync(
        string source, IReadOnlyList<(string At, Func<string, string?> Get)> rows, IReadOnlyList<DeletedItem> deleted, List<string> errors,
        WebhookReplayCheck? replay, CancellationToken cancellationToken)
    {
        var sellersChanged = Array.Empty<long>();
        OpportunityImportResult result;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (replay is not null && !await replay.FirstTimeAsync(transaction, cancellationToken))
                return new OpportunityImportResult(0, 0, 0, 0, [], [], Replayed: true);
            var partners = await store.PartnerNamesAsync(transaction, cancellationToken);
            var imports = new List<OpportunityImport>();
            foreach (var (at, get) in rows)
            {
                if (Check(at, get, partners, errors) is { } import)
                    imports.Add(import);
            }
            foreach (var duplicate in imports.GroupBy(i => i.ExternalId).Where(g => g.Count() > 1))
                errors.Add($"opportunity id \"{duplicate.Key}\" appears more than once");
            if (errors.Count > 0)
                return Failed([.. errors]);

            var now = time.GetUtcNow();
            int added = 0, updated = 0;
            var stale = new List<string>();
            foreach (var opportunity in imports)
            {
                if (!await versions.AdmitAsync(WebhookItemVersions.Opportunity, source, opportunity.ExternalId, opportunity.UpdatedAt, false, transaction, cancellationToken))
                    stale.Add(opportunity.ExternalId);
                else if (await store.UpsertAsync(source, opportunity, now, transaction, cancellationToken))
                    added++;
                else
                    updated++;
            }
            var removing = await versions.AdmitDeletesAsync(WebhookItemVersions.Opportunity, source, deleted, stale, transaction, cancellationToken);
            var removed = await store.DeleteAsync(source, removing, transaction, cancellationToken);
            var (rematched, changed) = await meetings.RematchUpcomingAsync(now, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sellersChanged = changed;
            result = new OpportunityImportResult(added, updated, removed, rematched, [], stale);
        }
        await changes.SellersChangedAsync(sellersChanged, cancellationToken);
        return result;
    }

    /// <summary>One row checked; every problem goes to <paramref name="errors"/> as "{at} what is wrong".</summary>
    private static OpportunityImport? Check(string at, Func<string, string?> get, IReadOnlyList<(string Id, string Name)> partners, List<string> errors)
    {
        var domain = get("account_domain")?.ToLowerInvariant();
        var partner = get("partner");
        var stage = get("stage")?.ToLowerInvariant();
        var owner = get("owner_email")?.ToLowerInvariant();
        foreach (var (column, value) in new[] { ("account_domain", domain), ("partner", partner), ("stage", stage), ("owner_email", owner) })
        {
            if (value is null)
                errors.Add($"{at} {column} is required");
        }
        if (domain is null || partner is null || stage is null || owner is null)
            return null;
        var before = errors.Count;
        if (domain.Contains('@', StringComparison.Ordinal) || !domain.Contains('.', StringComparison.Ordinal))
            errors.Add($"{at} account_domain \"{domain}\" is not a domain such as contoso.com");
        DateTimeOffset? updatedAt = null;
        if (get(WebhookBody.UpdatedAtField) is { } updated)
        {
            if (WebhookBody.TryParseTime(updated, out var parsed))
                updatedAt = parsed;
            else
                errors.Add($"{at} updated_at \"{updated}\" is not an ISO 8601 time with an offset (like 2030-03-19T10:00:00Z)");
        }
        if (!owner.Contains('@', StringComparison.Ordinal))
            errors.Add($"{at} owner_email \"{owner}\" is not an email address");
        var partnerId = partners.FirstOrDefault(p =>
            string.Equals(p.Id, partner, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, partner, StringComparison.OrdinalIgnoreCase)).Id;
        if (partnerId is null)
            errors.Add($"{at} partner \"{partner}\" is not a known partner (import content first; known: {string.Join(", ", partners.Select(p => p.Id))})");
        return errors.Count > before
            ? null
            : new OpportunityImport(get("id") ?? $"{domain}/{partnerId}", domain, partnerId!, stage, owner, OpportunityStore.IsClosed(stage), updatedAt);
    }

    private static OpportunityImportResult Failed(params string[] errors) => new(0, 0, 0, 0, errors);
}
