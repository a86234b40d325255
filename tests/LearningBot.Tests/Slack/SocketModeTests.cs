using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Learn;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace LearningBot.Tests.Slack;

/// <summary>The HTTP acceptance scenarios again, with the bot connected to the emulator over Socket Mode only.</summary>
public sealed class SocketModeTests(PostgresServer server) : IAsyncLifetime
{
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private string _database = "";
    private FakeLogCollector _logs = null!;
    private readonly Clicks _clicks = new();

    private SocketModeHub Hub => _slack.Server.SocketMode;
    private UserActions Users => _slack.UsersOverSocketMode();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync();
        _database = await server.CreateDatabaseAsync();
        _bot = await BotHost.StartAsync(_database, _slack.SocketModeBotSettings, services =>
        {
            services.AddLogging(logging => logging.AddFakeLogging());
            services.AddSingleton(_clicks);
            services.AddSlackRoutes(routes => routes.OnAction<CountingAction>("socket_test_").OnViewSubmission<RefusingModal>(RefusingModal.CallbackId));
        });
        _logs = _bot.Services.GetRequiredService<FakeLogCollector>();
        await Hub.WaitForConnectionsAsync(cancellationToken: Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Mention_is_acked_on_the_socket_and_answered_once_in_its_thread()
    {
        var (mention, delivery) = await Users.MentionAsync(_slack.Ann, _slack.DealRoom, "what can you do?", cancellationToken: Cancel);

        Assert.Equal([HttpStatusCode.OK], delivery.Attempts);
        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, mention.Ts).Count > 0, "the bot replies in the thread");
        var reply = Assert.Single(_slack.Workspace.Replies(_slack.DealRoom.Id, mention.Ts));
        Assert.Equal(LearnHelp.Text, reply.Text);
        Assert.Single(_slack.Server.CallsTo("apps.connections.open"));
    }

    [Fact]
    public async Task Learn_help_is_answered_inside_the_ack_payload()
    {
        var (delivery, _, _) = await Users.SlashCommandAsync(_slack.Ann, _slack.DealRoom, "/learn", "help", Cancel);

        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        var answer = JsonNode.Parse(delivery.Body)!;
        Assert.Equal("ephemeral", answer["response_type"]!.ToString());
        Assert.Equal(LearnHelp.Text, answer["text"]!.ToString());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE kind = 'command' AND status = 'done'"));
    }

    [Fact]
    public async Task Duplicate_envelope_of_one_event_is_stored_and_handled_once()
    {
        var message = _slack.Workspace.Post(_slack.DealRoom.Id, _slack.Ann.Id, null, $"<@{_slack.Workspace.Bot.Id}> hi");
        var inner = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = _slack.Ann.Id, ["text"] = message.Text, ["ts"] = message.Ts, ["channel"] = _slack.DealRoom.Id,
            ["event_ts"] = message.Ts,
        };

        var first = await Users.SendEventAsync((JsonObject)inner.DeepClone(), "Ev0SOCKETDUP", Cancel);
        var second = await Users.SendEventAsync((JsonObject)inner.DeepClone(), "Ev0SOCKETDUP", Cancel);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, message.Ts).Count > 0, "the mention is answered");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        Assert.Single(_slack.Workspace.Replies(_slack.DealRoom.Id, message.Ts));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE dedupe_key = 'event:Ev0SOCKETDUP'"));
    }

    [Fact]
    public async Task Button_double_click_is_handled_once_and_a_modal_answer_comes_back_in_the_ack()
    {
        var card = _slack.Workspace.Post(_slack.DealRoom.Id, null, _slack.Workspace.BotId, "a card");

        var (click, _) = await Users.ClickButtonAsync(_slack.Ann, card, "socket_test_go", "42", cancellationToken: Cancel);
        var (again, _) = await Users.ClickButtonAsync(_slack.Ann, card, "socket_test_go", "42", cancellationToken: Cancel);
        var modal = new EmulatedView
        {
            Id = "V0SOCKET1", UserId = _slack.Ann.Id, Type = "modal", Hash = "1700000000.abc",
            View = new JsonObject { ["type"] = "modal", ["callback_id"] = RefusingModal.CallbackId },
        };
        var submitted = await Users.SubmitViewAsync(_slack.Ann, modal, new JsonObject(), Cancel);

        Assert.Equal(HttpStatusCode.OK, click.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        await Eventually.TrueAsync(() => _clicks.Values.Count > 0, "the click is handled");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        Assert.Equal(["42"], _clicks.Values);
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        var answer = JsonNode.Parse(submitted.Body)!;
        Assert.Equal("errors", answer["response_action"]!.ToString());
    }

    [Fact]
    public async Task Refresh_in_the_middle_of_fifty_mentions_loses_and_doubles_none()
    {
        var sending = new List<Task<(EmulatedMessage Message, SlackEmulator.RecordedPost Post)>>();
        for (var i = 0; i < 50; i++)
        {
            sending.Add(Users.MentionAsync(_slack.Ann, _slack.DealRoom, $"question {i}", cancellationToken: Cancel));
            if (i == 25)
                await Hub.RequestDisconnectAsync("refresh_requested");
            await Task.Delay(TimeSpan.FromMilliseconds(5), Cancel);
        }
        var sent = await Task.WhenAll(sending);

        Assert.All(sent, s => Assert.Equal(HttpStatusCode.OK, s.Post.Status));
        await Eventually.TrueAsync(() => sent.All(s => _slack.Workspace.Replies(_slack.DealRoom.Id, s.Message.Ts).Count > 0), "every mention is answered");
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.All(sent, s => Assert.Single(_slack.Workspace.Replies(_slack.DealRoom.Id, s.Message.Ts)));
        Assert.Equal(50, await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE kind = 'event'"));
        Assert.Equal(2, Hub.Accepted);
        Assert.Equal(2, Hub.MostOpenAtOnce);
        await Eventually.TrueAsync(() => Hub.Open == 1, "the bot closes the old connection after the new one said hello");
    }

    [Fact]
    public async Task Dead_socket_is_replaced_and_the_next_mention_is_answered()
    {
        Hub.DropConnections();
        await Eventually.TrueAsync(() => Hub.Accepted == 2 && Hub.Open == 1, "the bot connects again");

        var (mention, delivery) = await Users.MentionAsync(_slack.Ann, _slack.DealRoom, "still there?", cancellationToken: Cancel);

        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, mention.Ts).Count == 1, "the mention is answered");
    }

    [Fact]
    public async Task Link_disabled_stops_the_client_without_reconnecting_and_says_why()
    {
        await Hub.DisableLinkAsync();

        await Eventually.TrueAsync(() => Hub.Open == 0, "the socket is closed");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        Assert.Equal(1, Hub.Accepted);
        Assert.Single(_slack.Server.CallsTo("apps.connections.open"));
        var logs = _logs.GetSnapshot();
        Assert.Contains(logs, r => r.Level == LogLevel.Critical && r.Message.Contains("link_disabled", StringComparison.Ordinal));
        var (status, socket) = await ReadinessAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", socket["status"]!.GetValue<string>());
        Assert.Contains("link_disabled", socket["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(logs, r => Assert.DoesNotContain(_slack.Workspace.AppToken, r.Message + r.Exception, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_shows_the_open_connection()
    {
        // The hub counts the socket before the client has read its hello.
        await Eventually.TrueAsync(async () => (await ReadinessAsync()).SocketMode["status"]!.GetValue<string>() != "Degraded", "the hello is read");
        var (status, socket) = await ReadinessAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", socket["status"]!.GetValue<string>());
        Assert.Matches(@"^connection \d+ to 127\.0\.0\.1 is open$", socket["description"]!.GetValue<string>());
    }

    /// <summary>The status of /readyz and its socket-mode check.</summary>
    private async Task<(HttpStatusCode Status, JsonNode SocketMode)> ReadinessAsync()
    {
        var response = await _bot.Http.GetAsync("/readyz", Cancel);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        return (response.StatusCode, report["checks"]!["socket-mode"]!);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("no value");
    }

    private sealed class Clicks
    {
        private readonly ConcurrentQueue<string> _values = new();

        public IReadOnlyList<string> Values => [.. _values];

        public void Add(string value) => _values.Enqueue(value);
    }

    private sealed class CountingAction(Clicks clicks) : ISlackActionHandler
    {
        public Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
        {
            clicks.Add(action.Value ?? "");
            return Task.CompletedTask;
        }
    }

    private sealed class RefusingModal : ISlackViewSubmissionHandler
    {
        public const string CallbackId = "socket_test_modal";

        public Task<ViewSubmissionAnswer?> HandleAsync(SlackViewSubmission submission, CancellationToken cancellationToken) =>
            Task.FromResult<ViewSubmissionAnswer?>(ViewSubmissionAnswer.WithError("name", "Too short"));
    }
}
