using Dapper;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Infrastructure;

public sealed class DateTimeOffsetHandlerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private sealed record Stamp(long Id, DateTimeOffset At, DateTimeOffset? Maybe);

    [Fact]
    public async Task Timestamptz_round_trips_through_a_record_as_the_same_instant()
    {
        var berlin = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.FromHours(1));
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("CREATE TEMP TABLE stamps (id bigint, at timestamptz NOT NULL, maybe timestamptz)");
        await connection.ExecuteAsync("INSERT INTO stamps VALUES (1, @At, @Maybe), (2, @At, NULL)", new { At = berlin, Maybe = (DateTimeOffset?)berlin });

        var rows = (await connection.QueryAsync<Stamp>("SELECT id, at, maybe FROM stamps ORDER BY id")).ToList();

        Assert.Equal(berlin, rows[0].At);
        Assert.Equal(TimeSpan.Zero, rows[0].At.Offset);
        Assert.Equal(berlin, rows[0].Maybe);
        Assert.Null(rows[1].Maybe);
    }
}

public sealed class DateOnlyHandlerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private sealed record Day(DateOnly On, DateOnly? Maybe);

    [Fact]
    public async Task Date_round_trips_as_DateOnly_in_parameters_and_records()
    {
        var day = new DateOnly(2027, 1, 15);
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);

        var row = await connection.QuerySingleAsync<Day>("SELECT @day::date AS on, NULL::date AS maybe", new { day });

        Assert.Equal(day, row.On);
        Assert.Null(row.Maybe);
    }
}
