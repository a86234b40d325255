using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LearningBot.Infrastructure.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LearningBot.Infrastructure.Database;

internal sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n")))).ToLowerInvariant();
}

internal sealed record MigrationReport(IReadOnlyList<Migration> Applied, int SchemaVersion);

/// <summary>
/// Applies the numbered scripts embedded in the app, in order, in one transaction that first takes a
/// transaction-scoped advisory lock: instances starting together queue up and the schema is migrated once.
/// A script changed after it was applied is refused (its checksum no longer matches the journal).
/// </summary>
internal sealed class Migrator(NpgsqlDataSource dataSource, TimeProvider time, ILogger<Migrator> logger)
{
    // Any fixed 64-bit key works; this one spells "LBMIGRAT" so it is recognisable in pg_locks.
    private const long AdvisoryLockKey = 0x4C424D4947524154;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public static int LatestVersion => Embedded[^1].Version;

    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL
            )
            """, transaction: transaction, cancellationToken: cancellationToken));

        var journal = (await connection.QueryAsync<JournalEntry>(new CommandDefinition(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            transaction: transaction, cancellationToken: cancellationToken))).ToDictionary(e => e.Version);

        var unknown = journal.Keys.Where(v => Embedded.All(m => m.Version != v)).ToList();
        if (unknown.Count > 0)
            throw new StartupException(
                $"the database has schema version {unknown.Max()}, newer than this build knows ({LatestVersion}); run a newer LearningBot.");

        var applied = new List<Migration>();
        foreach (var migration in Embedded)
        {
            if (journal.TryGetValue(migration.Version, out var entry))
            {
                if (entry.Checksum != migration.Checksum)
                    throw new StartupException(
                        $"migration {migration.Name} was changed after it was applied; add a new numbered script instead of editing it.");
                continue;
            }
            logger.LogInformation("Applying migration {Migration}", migration.Name);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                new { migration.Version, migration.Name, migration.Checksum, AppliedAt = time.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            applied.Add(migration);
        }
        await transaction.CommitAsync(cancellationToken);
        return new MigrationReport(applied, LatestVersion);
    }

    /// <summary>The version the database is at, or null before the first migration.</summary>
    public async Task<int?> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE (SELECT max(version) FROM schema_migrations) END",
            cancellationToken: cancellationToken));
    }

    /// <summary>The first contact with the database: a failure here is an operator's problem, so say which server and why.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            var reason = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{e.Message} ({inner.Message})"
                : e.Message;
            throw new StartupException(
                $"cannot connect to PostgreSQL, {ConnectionStrings.Describe(dataSource.ConnectionString)} from {DatabaseFeature.Setting}: {reason}", e);
        }
    }

    private sealed record JournalEntry(int Version, string Name, string Checksum);

    private static List<Migration> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Migrations.";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                var digits = new string(name.TakeWhile(char.IsAsciiDigit).ToArray());
                if (digits.Length == 0 || name.Length == digits.Length || name[digits.Length] != '_')
                    throw new InvalidOperationException($"Migration '{name}' must be named NNNN_what_it_does.sql.");
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new Migration(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return migrations;
    }
}
