using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using LearningBot.Meetings;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

/// <summary>
/// The bot run as an operator runs it (a child process, JSON logs, everything at Debug) through a slash command, a
/// mention, a signed webhook and a calendar poll: no configured secret, calendar address or response_url is in any line.
/// </summary>
public sealed class LogSecretsTests(PostgresServer server)
{
    private const string WebhookSecret = "whsec-9f8e7d6c5b4a39281706f5e4d3c2b1a0-log-scan";
    private const string DatabasePassword = "pg-password-that-must-never-be-logged-5521";
    private const string FeedToken = "private-feed-token-3b9c1d7e2f";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_run_with_json_logs_at_debug_writes_no_secret_and_puts_the_trace_id_on_request_lines()
    {
        await using var slack = await EmulatorHost.StartAsync();
        await using var feeds = await ScriptedHttpServer.StartAsync();
        feeds.Enqueue(new ScriptedResponse(200, Calendar(), new Dictionary<string, string> { ["Content-Type"] = "text/calendar" }));
        var feedUrl = new Uri(feeds.BaseAddress, $"calendars/{FeedToken}/basic.ics").ToString();
        // The test cluster trusts loopback, so the password is configured (and must be kept out of the log) but never asked for.
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Password = DatabasePassword }.ConnectionString;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.ExecuteAsync("""
                INSERT INTO sellers (email, slack_user_id, display_name, time_zone, calendar_url, registered_via, created_at, updated_at)
                VALUES ('ann@example.com', @User, 'Ann', 'Europe/Berlin', @FeedUrl, 'roster', now(), now())
                """, new { User = slack.Ann.Id, FeedUrl = feedUrl });
        }

        await using var bot = await BotProcess.StartAsync(database,
        [
            .. slack.BotSettings,
            new("Webhooks:SigningSecret", WebhookSecret),
            new("Logging:Console:FormatterName", "json"),
            new("Logging:LogLevel:Default", "Debug"),
            new("Logging:LogLevel:Microsoft", "Debug"),
            new("Logging:LogLevel:Microsoft.AspNetCore", "Debug"),
            new("Logging:LogLevel:System.Net.Http.HttpClient", "Debug"),
            new("Logging:LogLevel:System", "Debug"),
            new("Logging:LogLevel:Npgsql", "Debug"),
            new("Logging:LogLevel:Quartz", "Debug"),
        ]);
        var users = slack.UsersOf(bot.Address!);
        var (command, responseUrl, _) = await users.SlashCommandAsync(slack.Ann, slack.DealRoom, "/learn", "help", Cancel);
        Assert.Equal([HttpStatusCode.OK], command.Attempts);
        var (mention, _) = await users.MentionAsync(slack.Ann, slack.DealRoom, "what is new?", cancellationToken: Cancel);
        await Eventually.TrueAsync(() => slack.Workspace.Replies(slack.DealRoom.Id, mention.Ts).Count > 0, "the mention is answered");
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await PostMeetingAsync(bot.Address!));
        await feeds.WaitForRequestsAsync(1);
        await Eventually.TrueAsync(async () => await MeetingsAsync(database) >= 2, "the webhook's and the feed's meetings are stored");
        await bot.TerminateAsync();
        await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var lines = bot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length > 20, $"a Debug run logs plenty; got {lines.Length} lines");
        string[] secrets =
        [
            slack.Workspace.BotToken, slack.Workspace.SigningSecret, WebhookSecret, DatabasePassword, FeedToken, feedUrl,
            slack.Server.ResponseUrlFor(responseUrl),
        ];
        foreach (var secret in secrets)
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));

        var entries = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(entries.Count >= lines.Length - 5, "the log is one JSON object per line");
        // Lines written inside a request (ASP.NET Core's own and the inbox handler's) or a job (the calendar poll) carry the trace id.
        var inRequestOrJob = entries.Where(e => Category(e) is "LearningBot.Meetings.CalendarFeedPoller" or "LearningBot.Infrastructure.Inbox.InboxRowHandler"
            || (Category(e) == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.GetProperty("Message").GetString()!.StartsWith("Request ", StringComparison.Ordinal))).ToList();
        Assert.Contains(inRequestOrJob, e => Category(e) == "LearningBot.Meetings.CalendarFeedPoller");
        Assert.Contains(inRequestOrJob, e => Category(e) == "LearningBot.Infrastructure.Inbox.InboxRowHandler");
        Assert.Contains(inRequestOrJob, e => e.GetProperty("Message").GetString()!.Contains("/slack/commands", StringComparison.Ordinal));
        Assert.All(inRequestOrJob, e => Assert.Contains("\"TraceId\":", e.GetRawText(), StringComparison.Ordinal));
    }

    private static string Category(JsonElement entry) => entry.TryGetProperty("Category", out var c) ? c.GetString() ?? "" : "";

    private static string Calendar()
    {
        var start = TimeProvider.System.GetUtcNow().AddDays(2).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var end = TimeProvider.System.GetUtcNow().AddDays(2).AddHours(1).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:feed-1\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            + "SUMMARY:Initech review\r\nATTENDEE:mailto:cto@initech.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static async Task<HttpResponseMessage> PostMeetingAsync(Uri bot)
    {
        var start = TimeProvider.System.GetUtcNow().AddDays(3);
        var body = JsonSerializer.Serialize(new
        {
            meetings = new[]
            {
                new { uid = "crm-log-1", seller_email = "ann@example.com", title = "Globex kickoff", start = start.ToString("O"),
                    end = start.AddHours(1).ToString("O"), attendees = new[] { "buyer@globex.com" } },
            },
        });
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = bot };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/meetings") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignedWebhook.TimestampHeader, timestamp);
        request.Headers.Add(SignedWebhook.SignatureHeader, SignedWebhook.Sign(WebhookSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return await http.SendAsync(request, Cancel);
    }

    private static async Task<long> MeetingsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM meetings");
    }
}
