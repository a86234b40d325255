using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using LearningBot.Meetings;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Meetings;

public sealed class ReplanOnMeetingChangeTests(PostgresServer server)
{
    private const string Secret = "replan-signing-secret-0123456789abcdef01234567";

    [Fact]
    public async Task Meeting_posted_to_the_webhook_is_planned_before_the_answer_and_moving_it_replans_it()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var seeds = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seeds"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero));
        await using var bot = await BotHost.StartAsync(connectionString,
            [new("Content:SeedOnStart", "true"), new("Content:SeedDirectory", seeds), new("Webhooks:SigningSecret", Secret)],
            services => services.AddSingleton<TimeProvider>(time));

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await PostAsync(bot, time, "2026-12-10T15:00:00-05:00"));
        var first = await ReasonAsync(connectionString);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await PostAsync(bot, time, "2026-12-11T15:00:00-05:00"));
        var second = await ReasonAsync(connectionString);

        // Planned or skipped by a pacing rule, the row exists as soon as the webhook answered, and follows the move.
        Assert.StartsWith("Before Initech data platform review, Thu 15:00: rep@northwinddata.com is attending", first, StringComparison.Ordinal);
        Assert.StartsWith("Before Initech data platform review, Fri 15:00: rep@northwinddata.com is attending", second, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(BotHost bot, TimeProvider time, string start)
    {
        var end = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture).AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var body = $$"""
            {"meetings": [{"uid": "crm-replan", "seller_email": "maya.chen@brightlinecloud.com", "title": "Initech data platform review",
              "start": "{{start}}", "end": "{{end}}", "attendees": ["cto@initech.com", "rep@northwinddata.com"]}]}
            """;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, MeetingWebhook.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignedWebhook.TimestampHeader, timestamp);
        request.Headers.Add(SignedWebhook.SignatureHeader, SignedWebhook.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return bot.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string?> ReasonAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string?>("""
            SELECT d.reason FROM deliveries d JOIN meetings m ON m.id = d.meeting_id
            WHERE m.external_uid = 'crm-replan' AND d.status IN ('planned', 'skipped')
            """);
    }
}
