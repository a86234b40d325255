using Dapper;
using LearningBot.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class LocalPostgresTests
{
    [Fact]
    public async Task A_second_start_reuses_the_data_of_the_first_and_stopping_leaves_no_server_running()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lbt-local-" + Guid.NewGuid().ToString("N")[..8]);
        var dataDirectory = Path.Combine(folder, "postgres");
        var cancellation = TestContext.Current.CancellationToken;
        try
        {
            await using (var first = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation))
            {
                await first.EnsureDatabaseAsync("keepme", cancellation);
                await using var connection = new NpgsqlConnection(first.ConnectionString("keepme") + ";Pooling=false");
                await connection.ExecuteAsync("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
            }
            Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")), "the first cluster should be stopped");

            await using (var second = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation))
            {
                await using var connection = new NpgsqlConnection(second.ConnectionString("keepme") + ";Pooling=false");
                Assert.Equal(42, await connection.ExecuteScalarAsync<int>("SELECT id FROM kept"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_cluster_that_trusted_everyone_is_upgraded_to_passwords_and_the_bot_connects_as_a_role_that_owns_only_its_data()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lbt-local-" + Guid.NewGuid().ToString("N")[..8]);
        var dataDirectory = Path.Combine(folder, "postgres");
        var cancellation = TestContext.Current.CancellationToken;
        try
        {
            // What an older build left behind: trust for every local connection, tables owned by the superuser.
            await using (var first = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation))
            {
                await first.EnsureDatabaseAsync("legacy", cancellation);
                await using var connection = new NpgsqlConnection(first.ConnectionString("legacy") + ";Pooling=false");
                await connection.ExecuteAsync("""
                    CREATE TABLE kept (id int GENERATED ALWAYS AS IDENTITY, value int);
                    INSERT INTO kept (value) VALUES (42);
                    CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
                    ALTER TABLE kept OWNER TO learningbot; ALTER FUNCTION answer() OWNER TO learningbot;
                    """);
            }
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "pg_hba.conf"), "host all all 127.0.0.1/32 trust\n", cancellation);
            File.Delete(Path.Combine(dataDirectory, LocalCredentials.FileName));

            await using var second = await LocalPostgres.StartAsync(dataDirectory, NullLogger.Instance, cancellation);
            await second.EnsureDatabaseAsync("legacy", cancellation);

            var credentials = Path.Combine(dataDirectory, LocalCredentials.FileName);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
            await using var noPassword = new NpgsqlConnection($"Host=127.0.0.1;Port={second.Port};Username={LocalPostgres.SuperUser};Database=legacy;Pooling=false");
            var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => noPassword.OpenAsync(cancellation));
            Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);

            var app = new NpgsqlConnectionStringBuilder(second.AppConnectionString("legacy"));
            Assert.Equal(LocalPostgres.AppUser, app.Username);
            await using var bot = new NpgsqlConnection(app.ConnectionString + ";Pooling=false");
            await bot.OpenAsync(cancellation);
            Assert.False(await bot.ExecuteScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
            await bot.ExecuteAsync("INSERT INTO kept (value) VALUES (43); ALTER TABLE kept ADD COLUMN note text; CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 43'");
            Assert.Equal(43, await bot.ExecuteScalarAsync<int>("SELECT answer()"));
            var program = await Assert.ThrowsAsync<PostgresException>(() => bot.ExecuteAsync("COPY kept TO PROGRAM 'true'"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, program.SqlState);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
