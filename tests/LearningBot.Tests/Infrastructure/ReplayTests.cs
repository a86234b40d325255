using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Meetings;
using LearningBot.Slack.Receiving;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

/// <summary>The exact same signed request sent again inside the signature window runs nothing, on whichever instance it lands.</summary>
public sealed class ReplayTests(PostgresServer server) : IAsyncLifetime
{
    private const string WebhookSecret = "replay-test-signing-secret-0123456789abcdef";
    private readonly ShiftedClock _clock = new();
    private EmulatorHost _slack = null!;
    private BotHost _first = null!;
    private BotHost _second = null!;
    private string _database = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync();
        _database = await server.CreateDatabaseAsync();
        IEnumerable<KeyValuePair<string, string>> settings = [.. _slack.BotSettings, new("Webhooks:SigningSecret", WebhookSecret)];
        _first = await BotHost.StartAsync(_database, settings, services => services.AddSingleton<TimeProvider>(_clock));
        _second = await BotHost.StartAsync(_database, settings, services => services.AddSingleton<TimeProvider>(_clock));
    }

    public async ValueTask DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task A_replayed_slash_command_runs_once_on_either_instance_and_the_replays_get_an_empty_200()
    {
        var captured = SlackRequest(SlackEndpoints.CommandsPath, "command=%2Flearn&text=help&user_id=U1&team_id=T0SANDBOX&trigger_id=9.9.replay");

        var original = await SendAsync(_first, captured);
        var againHere = await SendAsync(_first, captured);
        var againThere = await SendAsync(_second, captured);
        var recased = await SendAsync(_second, captured with { Signature = captured.Signature.ToUpperInvariant().Replace("V0=", "v0=", StringComparison.Ordinal) });

        await HttpAssert.StatusAsync(HttpStatusCode.OK, original);
        Assert.Equal("ephemeral", JsonNode.Parse(await original.Content.ReadAsStringAsync(Cancel))!["response_type"]!.GetValue<string>());
        foreach (var replay in new[] { againHere, againThere, recased })
        {
            await HttpAssert.StatusAsync(HttpStatusCode.OK, replay);
            Assert.Equal("", await replay.Content.ReadAsStringAsync(Cancel));
        }
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE kind = 'command'"));
    }

    [Fact]
    public async Task A_click_replayed_forty_seconds_later_runs_once_while_a_new_click_then_is_a_new_request()
    {
        var payload = """{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T0SANDBOX"},"container":{"type":"message","message_ts":"1700000000.000100","channel_id":"D1"},"actions":[{"action_id":"replay_probe","value":"7"}]}""";
        var body = "payload=" + Uri.EscapeDataString(payload);
        var captured = SlackRequest(SlackEndpoints.InteractionsPath, body);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendAsync(_first, captured));
        await Eventually.TrueAsync(async () => await ScalarAsync<string>("SELECT status FROM inbox WHERE kind = 'interaction'") is "done" or "failed",
            "the click is handled");
        var handledAt = await ScalarAsync<DateTime>("SELECT received_at FROM inbox WHERE kind = 'interaction'");

        _clock.Offset = TimeSpan.FromSeconds(40);
        var replay = await SendAsync(_second, captured);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, replay);
        Assert.Equal(handledAt, await ScalarAsync<DateTime>("SELECT received_at FROM inbox WHERE kind = 'interaction'"));

        // The same click made again by the user is signed anew, and after 30 s it is a new request (Discuss again).
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendAsync(_second, SlackRequest(SlackEndpoints.InteractionsPath, body)));
        Assert.True(await ScalarAsync<DateTime>("SELECT received_at FROM inbox WHERE kind = 'interaction'") > handledAt);
    }

    [Fact]
    public async Task Events_are_not_replay_checked_so_slacks_retries_still_reach_the_inbox_which_drops_their_duplicates()
    {
        const string body = """{"type":"event_callback","team_id":"T0SANDBOX","event_id":"Ev0REPLAY01","event_time":1,"event":{"type":"reaction_added","user":"U1","reaction":"eyes","event_ts":"1.000001"}}""";
        var captured = SlackRequest(SlackEndpoints.EventsPath, body, "application/json");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendAsync(_first, captured));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendAsync(_second, captured));

        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE kind = 'event'"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM seen_signatures WHERE signature = @Signature", new { captured.Signature }));
    }

    [Fact]
    public async Task A_webhook_request_written_on_one_instance_is_a_replay_on_the_other_and_one_refused_may_be_sent_again()
    {
        var timestamp = Now();
        var refused = """{"deleted": [1]}""";
        var accepted = """{"deleted": ["crm-replay"]}""";

        var first = await WebhookAsync(_first, refused, timestamp);
        var fixedUp = await WebhookAsync(_second, refused, timestamp);
        var written = await WebhookAsync(_first, accepted, timestamp);
        var replayed = await WebhookAsync(_second, accepted, timestamp);

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, first);
        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, fixedUp);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, written);
        Assert.False(JsonNode.Parse(await written.Content.ReadAsStringAsync(Cancel))!["replayed"]!.GetValue<bool>());
        await HttpAssert.StatusAsync(HttpStatusCode.OK, replayed);
        Assert.True(JsonNode.Parse(await replayed.Content.ReadAsStringAsync(Cancel))!["replayed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_cleanup_forgets_signatures_only_once_their_window_is_long_past()
    {
        await HttpAssert.StatusAsync(HttpStatusCode.OK,
            await SendAsync(_first, SlackRequest(SlackEndpoints.CommandsPath, "command=%2Flearn&text=help&user_id=U1&team_id=T0SANDBOX&trigger_id=9.9.old")));
        var cache = _first.Services.GetRequiredService<LearningBot.Infrastructure.Replay.ReplayCache>();

        Assert.Equal(0, await cache.DeleteSeenBeforeAsync(_clock.GetUtcNow() - SlackSignature.Window, Cancel));
        Assert.Equal(1, await cache.DeleteSeenBeforeAsync(_clock.GetUtcNow().AddSeconds(1), Cancel));
    }

    private sealed record SignedRequest(string Path, string ContentType, string Body, string Timestamp, string Signature);

    private SignedRequest SlackRequest(string path, string body, string contentType = "application/x-www-form-urlencoded")
    {
        var timestamp = Now();
        return new SignedRequest(path, contentType, body, timestamp, SlackSignature.Compute(_slack.Workspace.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    private static Task<HttpResponseMessage> SendAsync(BotHost bot, SignedRequest captured)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, captured.Path) { Content = new StringContent(captured.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(captured.ContentType);
        request.Headers.Add(SlackSignature.TimestampHeader, captured.Timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, captured.Signature);
        return bot.Http.SendAsync(request, Cancel);
    }

    private static Task<HttpResponseMessage> WebhookAsync(BotHost bot, string body, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MeetingWebhook.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignedWebhook.TimestampHeader, timestamp);
        request.Headers.Add(SignedWebhook.SignatureHeader, SignedWebhook.Sign(WebhookSecret, timestamp, Encoding.UTF8.GetBytes(body)));
        return bot.Http.SendAsync(request, Cancel);
    }

    private string Now() => _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(_database);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>The real clock moved on by <see cref="Offset"/>; timers stay real.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
