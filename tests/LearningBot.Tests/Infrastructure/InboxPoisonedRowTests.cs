using Dapper;
using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Slack.Receiving;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxPoisonedRowTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_row_postgres_would_refuse_fails_alone_and_the_rows_and_done_marks_written_with_it_are_kept()
    {
        await using var inbox = InboxDatabase.Open(database);
        var store = new InboxStore(inbox);
        await using var writer = new InboxWriter(store, TimeProvider.System, Options.Create(new InboxOptions()), NullLogger<InboxWriter>.Instance);
        var earlier = (await writer.InsertAsync(Request("earlier", "{}"), InsertState.Claimed))!.Value;

        // Enqueued together, so the writer commits them in shared batches: the NUL sits in the middle of one.
        var before = Enumerable.Range(0, 10).Select(i => writer.InsertAsync(Request($"before-{i}", "{}"), InsertState.Pending)).ToList();
        var done = writer.MarkDoneAsync(earlier);
        var poisoned = writer.InsertAsync(Request("poisoned", "{\"text\":\"a\0b\"}"), InsertState.Pending);
        var after = Enumerable.Range(0, 10).Select(i => writer.InsertAsync(Request($"after-{i}", "{}"), InsertState.Pending)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => poisoned);
        Assert.All(await Task.WhenAll(before.Concat(after)), id => Assert.NotNull(id));
        await done;
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        Assert.Equal(21, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Equal("done", await connection.ExecuteScalarAsync<string>("SELECT status FROM inbox WHERE id = @earlier", new { earlier }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox WHERE dedupe_key = 'poisoned'"));
    }

    [Fact]
    public async Task Bad_data_is_a_permanent_database_error_and_a_lost_connection_is_not()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        var nul = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("SELECT @text::text", new { text = "a\0b" }));
        var busy = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("SELECT 1/0"));
        await using var nowhere = new NpgsqlConnection($"Host=127.0.0.1;Port={LocalPostgres.FreeLoopbackPort()};Username=x;Timeout=2");
        var down = await Assert.ThrowsAnyAsync<NpgsqlException>(() => nowhere.OpenAsync(Cancel));

        Assert.True(DatabaseErrors.IsPermanent(nul));
        Assert.True(DatabaseErrors.IsPermanent(new InvalidOperationException("wrapped", busy)));
        Assert.False(DatabaseErrors.IsPermanent(down));
        Assert.False(DatabaseErrors.IsPermanent(new PostgresException("taken", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(DatabaseErrors.IsPermanent(new PostgresException("deadlock", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
    }

    private static InboxRequest Request(string key, string body) => new(InboxKind.Event, key, "T1", "application/json", body, AnswerInline: false);
}
