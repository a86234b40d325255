using Dapper;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Meetings;

public sealed class DemoDataTests(PostgresServer server)
{
    [Fact]
    public async Task Serve_seeding_an_empty_database_also_brings_sellers_opportunities_and_matched_meetings_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var seeds = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seeds"));
        KeyValuePair<string, string>[] settings = [new("Content:SeedOnStart", "true"), new("Content:SeedDirectory", seeds)];
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

        string first;
        await using (await BotHost.StartAsync(connectionString, settings, services => services.AddSingleton<TimeProvider>(time)))
            first = await SnapshotAsync(connectionString);
        await using (await BotHost.StartAsync(connectionString, settings, services => services.AddSingleton<TimeProvider>(time)))
            Assert.Equal(first, await SnapshotAsync(connectionString));

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(4, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sellers"));
        Assert.Equal(8, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM opportunities WHERE NOT closed"));
        Assert.Equal(4, await connection.ExecuteScalarAsync<int>("SELECT count(DISTINCT m.seller_id) FROM meetings m JOIN meeting_partners mp ON mp.meeting_id = m.id"));
        Assert.Equal("erin.cole@harborlightsec.com is attending", await connection.ExecuteScalarAsync<string>("""
            SELECT mp.reason FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
            WHERE m.external_uid = 'maya.chen-03@seed.learningbot'
            """));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
            WHERE m.external_uid = 'maya.chen-04@seed.learningbot'
            """));
    }

    private static async Task<string> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string>("""
            SELECT count(*) || ' meetings, ' || (SELECT count(*) FROM meeting_partners) || ' matches, '
                   || (SELECT count(*) FROM sellers) || ' sellers'
            FROM meetings
            """) ?? "";
    }
}
