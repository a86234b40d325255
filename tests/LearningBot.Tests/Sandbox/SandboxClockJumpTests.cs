using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Sandbox;

/// <summary>The sandbox's shared clock jumped far ahead for one seller: what the other sellers' lessons become.</summary>
public sealed class SandboxClockJumpTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Friday = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private BotHost? _sandbox;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed record Outcome(string Seller, string Status, string Reason, DateTimeOffset? SentAt, DateTimeOffset StartsAt, bool Cancelled);

    public async ValueTask InitializeAsync() =>
        _sandbox = await BotHost.StartAsync(database.ConnectionString,
            [new("Sandbox:StartAt", Friday.ToString("O")), new("Content:SeedOnStart", "true")], sandbox: true);

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Jumping_to_one_sellers_lessons_never_delivers_another_sellers_lesson_after_its_meeting_and_says_what_happened()
    {
        await Eventually.TrueAsync(async () => await CountAsync("SELECT count(*) FROM meetings") > 0, "the demo calendars are imported");
        for (var i = 0; i < 3; i++)
        {
            var jump = await _sandbox!.Http.PostAsJsonAsync("/sandbox/clock", new { kind = "lesson", user = "U0SELLER1" }, Cancel);
            TestContext.Current.SendDiagnosticMessage((await jump.Content.ReadFromJsonAsync<JsonObject>(Cancel))!.ToJsonString());
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        var outcomes = (await connection.QueryAsync<Outcome>("""
            SELECT s.email AS seller, d.status, d.reason, d.sent_at, m.starts_at, m.cancelled
            FROM deliveries d JOIN sellers s ON s.id = d.seller_id JOIN meetings m ON m.id = d.meeting_id
            """)).ToList();
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes.Where(o => o.Status == "sent"), o =>
            Assert.True(o.SentAt <= o.StartsAt - TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5), $"{o.Seller}: sent {o.SentAt} for a meeting at {o.StartsAt}"));
        Assert.All(outcomes.Where(o => !o.Cancelled), o => Assert.DoesNotContain("cancelled or removed", o.Reason, StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.Status == "skipped" && o.Reason.Contains("before the lesson could be sent", StringComparison.Ordinal));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
