using Dapper;
using LearningBot.Meetings;
using LearningBot.Sellers;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LearningBot.Tests.Meetings;

public sealed class CalendarFeedPollerTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string SecretPath = "calendar/ical/maya/private-0123456789abcdef/basic.ics";
    private static readonly Dictionary<string, string> V1 = new() { ["ETag"] = "\"v1\"" };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingChangeListener _listener = new();
    private readonly FakeLogCollector _logs = new();
    private ScriptedHttpServer _feed = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _feed = await ScriptedHttpServer.StartAsync();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)))
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton(database.DataSource)
            .AddSingleton<IMeetingChangeListener>(_listener)
            .AddSellers()
            .AddMeetings();
        _services = services.BuildServiceProvider();
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, email_domains, content_hash)
            VALUES ('northwind-data', 'Northwind Data', '{Northwind}', '{northwinddata.com}', 'x') ON CONFLICT DO NOTHING
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _feed.DisposeAsync();
    }

    private string FeedUrl => new Uri(_feed.BaseAddress, SecretPath).ToString();

    private async Task<long> SellerAsync(string email, string? url = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO sellers (email, time_zone, calendar_url, registered_via) VALUES (@email, 'America/New_York', @url, 'roster') RETURNING id
            """, new { email, url = url ?? FeedUrl });
    }

    private async Task<FeedPollOutcome> PollAsync(long sellerId)
    {
        var feed = (await _services.GetRequiredService<SellerStore>().FindFeedAsync(sellerId, Cancel))!;
        return await _services.GetRequiredService<CalendarFeedPoller>().PollAsync(feed, Cancel);
    }

    private static string Maya(string local) => CalendarFixtures.Google.Replace("maya.chen@brightlinecloud.com", $"{local}@brightlinecloud.com", StringComparison.OrdinalIgnoreCase);

    private async Task<List<(long Id, string Uid, DateTime StartsAt, bool Cancelled)>> MeetingsAsync(long sellerId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        return [.. await connection.QueryAsync<(long, string, DateTime, bool)>(
            "SELECT id, external_uid, starts_at, cancelled FROM meetings WHERE seller_id = @sellerId ORDER BY starts_at, external_uid", new { sellerId })];
    }

    private async Task<(string? Error, DateTime? Since, string? Etag)> FeedRowAsync(long sellerId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        return await connection.QuerySingleAsync<(string?, DateTime?, string?)>(
            "SELECT calendar_error, calendar_failing_since, calendar_etag FROM sellers WHERE id = @sellerId", new { sellerId });
    }

    [Fact]
    public async Task First_poll_stores_the_horizons_meetings_with_partner_matches_and_replans_the_seller()
    {
        var ann = await SellerAsync("ann@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("ann"), V1));

        Assert.Equal(FeedPollOutcome.Updated, await PollAsync(ann));

        var meetings = await MeetingsAsync(ann);
        Assert.Equal(6, meetings.Count);
        Assert.Equal([true, true], meetings.Where(m => m.Uid is "fabrikam-intro@google.com" or "0a1b2c3d4e5f@google.com/20270318T140000Z").Select(m => m.Cancelled));
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        Assert.Equal("rep@northwinddata.com is attending", await connection.ExecuteScalarAsync<string>("""
            SELECT mp.reason FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
            WHERE m.seller_id = @ann AND m.external_uid = 'contoso-northwind@google.com'
            """, new { ann }));
        Assert.Equal("\"v1\"", (await FeedRowAsync(ann)).Etag);
        Assert.Equal("text/calendar", _feed.Requests[^1].Header("Accept"));
        Assert.Equal([[ann]], _listener.Calls);
    }

    [Fact]
    public async Task Second_poll_sends_the_etag_and_a_304_writes_nothing_and_replans_nothing()
    {
        var bob = await SellerAsync("bob@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("bob"), V1));
        await PollAsync(bob);
        var before = await MeetingsAsync(bob);
        _listener.Clear();
        _feed.Enqueue(new ScriptedResponse(304, "", V1));

        Assert.Equal(FeedPollOutcome.NotModified, await PollAsync(bob));

        Assert.Equal("\"v1\"", _feed.Requests[^1].Header("If-None-Match"));
        Assert.Equal(before, await MeetingsAsync(bob));
        Assert.Empty(_listener.Calls);
    }

    [Fact]
    public async Task After_six_hours_the_feed_is_fetched_without_validators_so_the_moved_horizon_is_expanded()
    {
        var cid = await SellerAsync("cid@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("cid"), V1));
        await PollAsync(cid);

        _clock.Advance(TimeSpan.FromHours(7));
        _feed.Enqueue(new ScriptedResponse(200, Maya("cid"), V1));
        await PollAsync(cid);

        Assert.Null(_feed.Requests[^1].Header("If-None-Match"));
    }

    [Fact]
    public async Task Changed_feed_moves_a_meeting_in_place_and_cancels_the_one_that_vanished()
    {
        var dee = await SellerAsync("dee@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("dee"), V1));
        await PollAsync(dee);
        var pitch = (await MeetingsAsync(dee)).Single(m => m.Uid == "contoso-northwind@google.com");
        var changed = Maya("dee").Replace(
            "DTSTART:20270315T170000Z\nDTEND:20270315T180000Z", "DTSTART:20270316T190000Z\nDTEND:20270316T200000Z", StringComparison.Ordinal);
        Assert.Contains("20270316T190000Z", changed, StringComparison.Ordinal);
        changed = RemoveEvent(changed, "dayoff-20270312@google.com");

        _feed.Enqueue(new ScriptedResponse(200, changed, new Dictionary<string, string> { ["ETag"] = "\"v2\"" }));
        Assert.Equal(FeedPollOutcome.Updated, await PollAsync(dee));

        var meetings = await MeetingsAsync(dee);
        var moved = meetings.Single(m => m.Uid == "contoso-northwind@google.com");
        Assert.Equal((pitch.Id, new DateTime(2027, 3, 16, 19, 0, 0)), (moved.Id, moved.StartsAt));
        Assert.True(meetings.Single(m => m.Uid == "dayoff-20270312@google.com").Cancelled);
    }

    [Theory]
    [InlineData(500, null, "HTTP 500")]
    [InlineData(200, "<html><body>Sign in to continue</body></html>", "no BEGIN:VCALENDAR")]
    [InlineData(200, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:not-a-time\nEND:VEVENT\nEND:VCALENDAR", "no readable DTSTART")]
    [InlineData(200, "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20270309T150000Z\n", "cut short")]
    public async Task Failing_or_malformed_feed_is_marked_failing_with_the_reason_and_keeps_the_last_good_meetings(int status, string? body, string reason)
    {
        var eve = await SellerAsync($"eve{status}{body?.Length}@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("eve"), V1));
        await PollAsync(eve);
        var good = await MeetingsAsync(eve);
        _clock.Advance(TimeSpan.FromHours(7));

        _feed.Enqueue(new ScriptedResponse(status, body ?? "oops", new Dictionary<string, string> { ["ETag"] = "\"broken\"" }));
        Assert.Equal(FeedPollOutcome.Failed, await PollAsync(eve));

        var (error, since, etag) = await FeedRowAsync(eve);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain("private-0123456789abcdef", error, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, since);
        Assert.Equal("\"v1\"", etag);
        Assert.Equal(good, await MeetingsAsync(eve));
        Assert.Contains(_logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains(reason, StringComparison.Ordinal));

        _feed.Enqueue(new ScriptedResponse(200, Maya("eve"), V1));
        Assert.Equal(FeedPollOutcome.Updated, await PollAsync(eve));
        Assert.Null((await FeedRowAsync(eve)).Error);
    }

    [Fact]
    public async Task Unreachable_feed_is_marked_failing()
    {
        var fay = await SellerAsync("fay@brightlinecloud.com", "http://127.0.0.1:1/calendar/private-0123456789abcdef/basic.ics");

        Assert.Equal(FeedPollOutcome.Failed, await PollAsync(fay));

        Assert.Contains("unreachable", (await FeedRowAsync(fay)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_poll_is_counted_by_outcome_and_a_failing_feed_counts_as_failing()
    {
        using var polls = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), LearningBot.Infrastructure.Telemetry.BotMetrics.MeterName,
            "learningbot.calendar.feed_polls");
        var hal = await SellerAsync("hal@brightlinecloud.com");
        var ivy = await SellerAsync("ivy@brightlinecloud.com", "http://127.0.0.1:1/calendar/private-0123456789abcdef/basic.ics");
        _feed.Enqueue(new ScriptedResponse(200, Maya("hal"), V1));

        await _services.GetRequiredService<CalendarFeedPoller>().PollAllAsync(Cancel);

        var outcomes = polls.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]).ToList();
        Assert.Contains("updated", outcomes);
        Assert.Contains("failed", outcomes);
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        Assert.True(await FeedHealth.CountFailingAsync(connection, Cancel) >= 1, $"seller {ivy}'s feed is failing; {hal}'s is not");
    }

    [Fact]
    public async Task The_secret_feed_address_never_reaches_the_logs()
    {
        var gil = await SellerAsync("gil@brightlinecloud.com");
        _feed.Enqueue(new ScriptedResponse(200, Maya("gil"), V1), ScriptedResponse.ServerError());
        await PollAsync(gil);
        _clock.Advance(TimeSpan.FromHours(7));
        await PollAsync(gil);
        await _services.GetRequiredService<CalendarFeedPoller>().PollAllAsync(Cancel);

        Assert.NotEmpty(_logs.GetSnapshot());
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Message.Contains("private-0123456789abcdef", StringComparison.Ordinal));
    }

    private static string RemoveEvent(string ics, string uid)
    {
        var lines = ics.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var uidLine = lines.IndexOf($"UID:{uid}");
        var begin = lines.FindLastIndex(uidLine, l => l == "BEGIN:VEVENT");
        var end = lines.FindIndex(uidLine, l => l == "END:VEVENT");
        lines.RemoveRange(begin, end - begin + 1);
        return string.Join('\n', lines);
    }
}
