using Dapper;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Slack.Receiving;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxRepeatedClickTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private Npgsql.NpgsqlDataSource _inbox = null!;
    private InboxStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _inbox = InboxDatabase.Open(database);
        _store = new InboxStore(_inbox);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _inbox.DisposeAsync();

    private async Task<long?> StoreAsync(InboxKind kind, string key, DateTimeOffset at, string body = "{}")
    {
        var request = new InboxRequest(kind, key, "T1", "application/x-www-form-urlencoded", body, AnswerInline: false);
        var stored = await _store.WriteBatchAsync([new InboxInsert(request, at, InsertState.Pending)], [], at, Lease, Cancel);
        return stored.TryGetValue(key, out var id) ? id : null;
    }

    private async Task MarkDoneAsync(long id, DateTimeOffset at) => await _store.WriteBatchAsync([], [id], at, Lease, Cancel);

    [Fact]
    public async Task A_click_repeated_after_the_first_was_handled_is_a_new_request_and_a_double_click_is_not()
    {
        const string key = "action:discuss:1700000000.000100:U1:42";
        var first = await StoreAsync(InboxKind.Interaction, key, Start, "first");
        var doubleClick = await StoreAsync(InboxKind.Interaction, key, Start.AddSeconds(1));
        await MarkDoneAsync(first!.Value, Start.AddSeconds(2));
        var soonAfter = await StoreAsync(InboxKind.Interaction, key, Start.AddSeconds(20));
        var nextDay = await StoreAsync(InboxKind.Interaction, key, Start.AddDays(1), "again");

        Assert.NotNull(first);
        Assert.Null(doubleClick);
        Assert.Null(soonAfter);
        Assert.Equal(first, nextDay);
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        var row = await connection.QuerySingleAsync<(string Status, string Body, int Attempts, DateTimeOffset ReceivedAt)>(
            "SELECT status, body, attempts, received_at FROM inbox WHERE dedupe_key = @key", new { key });
        Assert.Equal(("pending", "again", 0, Start.AddDays(1)), row);
    }

    [Fact]
    public async Task A_click_on_a_row_still_being_handled_and_a_repeated_event_stay_duplicates()
    {
        var pending = await StoreAsync(InboxKind.Interaction, "action:start:1.1:U2:7", Start);
        var event1 = await StoreAsync(InboxKind.Event, "event:Ev0REPEAT", Start);
        await MarkDoneAsync(event1!.Value, Start.AddSeconds(1));

        Assert.NotNull(pending);
        Assert.Null(await StoreAsync(InboxKind.Interaction, "action:start:1.1:U2:7", Start.AddMinutes(5)));
        Assert.Null(await StoreAsync(InboxKind.Event, "event:Ev0REPEAT", Start.AddMinutes(5)));
    }
}
