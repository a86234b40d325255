using System.Globalization;
using System.Net;
using System.Text;
using LearningBot.Infrastructure.Database;
using LearningBot.Meetings;
using LearningBot.Slack.Receiving;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningBot.Tests.Infrastructure;

/// <summary>
/// Runs alone, after the parallel tests: it starts and stops a cluster of its own under a running bot, and under the
/// load of the whole suite that start-stop could stall the run.
/// </summary>
[CollectionDefinition(nameof(DatabaseDownTests), DisableParallelization = true)]
public sealed class DatabaseDownCollection;

/// <summary>On a cluster of its own, which the test stops under the running bot.</summary>
[Collection(nameof(DatabaseDownTests))]
public sealed class DatabaseDownTests
{
    private const string Secret = "test-signing-secret-0123456789abcdef0123456789";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_slash_command_and_both_webhooks_answer_503_while_the_database_is_down()
    {
        await using var slack = await EmulatorHost.StartAsync();
        await using var cluster = await LocalPostgres.StartThrowawayAsync(NullLogger.Instance, Cancel);
        await cluster.EnsureDatabaseAsync("down", Cancel);
        await using var bot = await BotHost.StartAsync(cluster.ConnectionString("down"), [.. slack.BotSettings, new("Webhooks:SigningSecret", Secret)]);
        await cluster.StopServerAsync(); // from here on every connection is refused
        try
        {
            var command = await slack.UsersOf(bot.Address).SendSignedAsync(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded",
                "command=%2Flearn&text=help&user_id=U1&team_id=T0SANDBOX&trigger_id=1.2.down", cancellationToken: Cancel);
            var meetings = await PostAsync(bot, MeetingWebhook.Path,
                """{"meetings": [{"uid": "m1", "seller_email": "ann@contoso.com", "title": "Review", "start": "2030-03-19T10:00:00+01:00", "end": "2030-03-19T11:00:00+01:00"}]}""");
            var opportunities = await PostAsync(bot, OpportunityWebhook.Path,
                """{"opportunities": [{"id": "o1", "account_domain": "globex.com", "partner": "northwind-data", "stage": "open", "owner_email": "ann@contoso.com"}]}""");

            await HttpAssert.StatusAsync(HttpStatusCode.ServiceUnavailable, command);
            await HttpAssert.StatusAsync(HttpStatusCode.ServiceUnavailable, meetings);
            await HttpAssert.StatusAsync(HttpStatusCode.ServiceUnavailable, opportunities);
            Assert.NotNull(meetings.Headers.RetryAfter);
        }
        finally
        {
            // The scheduler retries a job's completion until the database is back, so the bot only stops once it is.
            await cluster.StartServerAgainAsync();
        }
    }

    private static Task<HttpResponseMessage> PostAsync(BotHost bot, string path, string body)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignedWebhook.TimestampHeader, timestamp);
        request.Headers.Add(SignedWebhook.SignatureHeader, SignedWebhook.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return bot.Http.SendAsync(request, Cancel);
    }
}
