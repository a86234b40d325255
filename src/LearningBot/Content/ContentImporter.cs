using Dapper;
using LearningBot.Search;
using Npgsql;

namespace LearningBot.Content;

internal sealed record ImportCounts(int Added, int Changed, int Unchanged, int Archived, int Restored)
{
    public override string ToString() =>
        $"{Added} added, {Changed} changed, {Unchanged} unchanged, {Archived} archived" + (Restored > 0 ? $", {Restored} restored" : "");
}

/// <summary>What an import did; <see cref="Skipped"/> when it only runs into an empty database and found content.</summary>
internal sealed record ImportSummary(ImportCounts Partners, ImportCounts Lessons, bool Skipped)
{
    public override string ToString() => Skipped
        ? "The database already has content; nothing imported."
        : $"Partners: {Partners}. Lessons: {Lessons}.";
}

/// <summary>
/// Writes a linted library into the database in one transaction: partners and lessons are upserted by id,
/// a lesson whose content changed gets a new version (older versions and their answers stay), and whatever
/// is no longer in the files is archived, never deleted. Importing the same files twice changes nothing.
/// </summary>
internal sealed class ContentImporter(NpgsqlDataSource dataSource, PartnerStore partners, LessonStore lessons, SearchChanges searchChanges, TimeProvider time)
{
    // Spells "LBCONTNT": imports (and seeding instances) take turns instead of interleaving.
    private const long AdvisoryLockKey = 0x4C42434F4E544E54;

    public async Task<ImportSummary> ImportAsync(ContentLibrary library, bool onlyIntoEmptyDatabase, CancellationToken cancellationToken)
    {
        if (library.Report.HasErrors)
            throw new InvalidOperationException("A library with lint errors must not be imported.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLockKey }, transaction, cancellationToken: cancellationToken));

        // Checked under the lock, so of two instances starting on an empty database only the first seeds it.
        if (onlyIntoEmptyDatabase && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM partners) OR EXISTS (SELECT 1 FROM lessons)",
                transaction: transaction, cancellationToken: cancellationToken)))
            return new ImportSummary(new(0, 0, 0, 0, 0), new(0, 0, 0, 0, 0), Skipped: true);

        var now = time.GetUtcNow();
        var partnerCounts = await ImportPartnersAsync(library.Partners, now, transaction, cancellationToken);
        var lessonCounts = await ImportLessonsAsync(library.Lessons, now, transaction, cancellationToken);
        lessonCounts = lessonCounts with
        {
            Archived = await lessons.ArchiveMissingAsync([.. library.Lessons.Select(l => l.Id)], now, transaction, cancellationToken),
        };
        partnerCounts = partnerCounts with
        {
            Archived = await partners.ArchiveMissingAsync([.. library.Partners.Select(p => p.Id)], now, transaction, cancellationToken),
        };
        await SearchIndex.RefreshChangedAsync(connection, now, transaction);
        await transaction.CommitAsync(cancellationToken);
        searchChanges.Changed();
        return new ImportSummary(partnerCounts, lessonCounts, Skipped: false);
    }

    private async Task<ImportCounts> ImportPartnersAsync(
        IReadOnlyList<PartnerDefinition> files, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var stored = (await partners.ListAsync(transaction, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        int added = 0, changed = 0, unchanged = 0, restored = 0;
        foreach (var partner in files)
        {
            var hash = ContentHash.Of(partner);
            if (!stored.TryGetValue(partner.Id, out var existing))
            {
                await partners.InsertAsync(partner, hash, now, transaction, cancellationToken);
                added++;
            }
            else if (existing.ContentHash != hash)
            {
                await partners.UpdateAsync(partner, hash, now, transaction, cancellationToken);
                changed++;
            }
            else if (existing.Archived)
            {
                await partners.RestoreAsync(partner.Id, now, transaction, cancellationToken);
                restored++;
            }
            else
            {
                unchanged++;
            }
        }
        return new ImportCounts(added, changed, unchanged, 0, restored);
    }

    private async Task<ImportCounts> ImportLessonsAsync(
        IReadOnlyList<LessonDefinition> files, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var stored = (await lessons.ListAsync(transaction, cancellationToken)).ToDictionary(l => l.Id, StringComparer.Ordinal);
        int added = 0, changed = 0, unchanged = 0, restored = 0;
        foreach (var lesson in files)
        {
            var hash = ContentHash.Of(lesson);
            if (!stored.TryGetValue(lesson.Id, out var existing))
            {
                await lessons.InsertLessonAsync(lesson, now, transaction, cancellationToken);
                await lessons.InsertVersionAsync(lesson, 1, hash, now, transaction, cancellationToken);
                added++;
            }
            else if (existing.ContentHash != hash)
            {
                var version = await lessons.FindVersionAsync(lesson.Id, hash, transaction, cancellationToken);
                if (version is null)
                {
                    version = existing.LatestVersion + 1;
                    await lessons.InsertVersionAsync(lesson, version.Value, hash, now, transaction, cancellationToken);
                }
                await lessons.UpdateLessonAsync(lesson, version.Value, now, transaction, cancellationToken);
                changed++;
            }
            else
            {
                if (existing.SourcePath != lesson.SourcePath)
                    await lessons.MoveAsync(lesson.Id, existing.CurrentVersion, lesson.SourcePath, now, transaction, cancellationToken);
                if (existing.Archived)
                {
                    await lessons.UpdateLessonAsync(lesson, existing.CurrentVersion, now, transaction, cancellationToken);
                    restored++;
                }
                else if (existing.SourcePath != lesson.SourcePath)
                {
                    changed++;
                }
                else
                {
                    unchanged++;
                }
            }
        }
        return new ImportCounts(added, changed, unchanged, 0, restored);
    }
}
