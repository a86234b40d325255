using Dapper;
using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Hosting;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class MigratorTests(PostgresServer server)
{
    private static Migrator MigratorFor(NpgsqlDataSource dataSource) =>
        new(dataSource, new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero)), NullLogger<Migrator>.Instance);

    [Fact]
    public void Embedded_migrations_are_numbered_from_one_without_gaps()
    {
        var versions = Migrator.Embedded.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.Contains(Migrator.Embedded, m => m.Name.Contains("quartz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fresh_database_gets_every_migration_once_and_a_second_run_applies_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateEmptyDatabaseAsync());
        var migrator = MigratorFor(dataSource);

        var first = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        var second = await migrator.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Migrator.Embedded.Count, first.Applied.Count);
        Assert.Empty(second.Applied);
        Assert.Equal(Migrator.LatestVersion, await migrator.CurrentVersionAsync(TestContext.Current.CancellationToken));
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var tables = (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToHashSet();
        foreach (var table in new[] { "partners", "lessons", "lesson_versions", "quiz_questions", "sellers", "meetings",
                     "opportunities", "deliveries", "quiz_answers", "discussions", "discussion_replies", "inbox",
                     "qrtz_triggers", "qrtz_job_details", "qrtz_locks" })
            Assert.Contains(table, tables);
    }

    [Fact]
    public async Task Concurrent_migrators_on_an_empty_database_apply_the_schema_exactly_once()
    {
        var connectionString = await server.CreateEmptyDatabaseAsync();
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var reports = await Task.WhenAll(dataSources.Select(d => MigratorFor(d).MigrateAsync(TestContext.Current.CancellationToken)));

            Assert.Equal(Migrator.Embedded.Count, reports.Sum(r => r.Applied.Count));
            Assert.Single(reports, r => r.Applied.Count > 0);
            await using var connection = await dataSources[0].OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Migrator.Embedded.Count, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
                await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task Script_edited_after_it_was_applied_is_refused_and_nothing_changes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<StartupException>(() => MigratorFor(dataSource).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("0001_domain_schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("new numbered script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_migrated_by_a_newer_build_is_refused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using (var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (9999, '9999_future', 'x', now())");

        var error = await Assert.ThrowsAsync<StartupException>(() => MigratorFor(dataSource).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("newer than this build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_is_explained_without_the_password()
    {
        const string secret = "s3cret-pass";
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port=1;Username=bot;Password={secret};Database=learningbot;Timeout=3");

        var error = await Assert.ThrowsAsync<StartupException>(() => MigratorFor(dataSource).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("cannot connect to PostgreSQL", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:LearningBot", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
