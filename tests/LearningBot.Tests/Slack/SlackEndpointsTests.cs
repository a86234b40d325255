using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Slack.Receiving;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace LearningBot.Tests.Slack;

public sealed class SlackEndpointsTests(PostgresServer server) : IAsyncLifetime
{
    private const string EventBody =
        """{"type":"event_callback","team_id":"T0SANDBOX","event_id":"Ev0TEST0001","event_time":1,"event":{"type":"reaction_added","user":"U1","reaction":"thumbsup","event_ts":"1.000001"}}""";

    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private string _database = "";
    private FakeLogCollector _logs = null!;

    private UserActions Users => _slack.UsersOf(_bot.Address);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync();
        _database = await server.CreateDatabaseAsync();
        _bot = await BotHost.StartAsync(_database, _slack.BotSettings,
            services => services.AddLogging(logging => logging.AddFakeLogging()));
        _logs = _bot.Services.GetRequiredService<FakeLogCollector>();
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Forged_signature_is_rejected_and_nothing_is_stored()
    {
        var response = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody,
            signature: "v0=" + new string('a', 64), cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, response);
        Assert.Equal("", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Fact]
    public async Task Stale_signature_is_rejected_and_nothing_is_stored()
    {
        var old = (_slack.Workspace.Time.GetUtcNow().ToUnixTimeSeconds() - 600).ToString(CultureInfo.InvariantCulture);
        var signature = SlackSignature.Compute(_slack.Workspace.SigningSecret, old, Encoding.UTF8.GetBytes(EventBody));

        var response = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody, old, signature, Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Theory]
    [InlineData(SlackEndpoints.EventsPath)]
    [InlineData(SlackEndpoints.CommandsPath)]
    [InlineData(SlackEndpoints.InteractionsPath)]
    public async Task Unsigned_request_is_rejected_on_every_path_and_nothing_is_stored(string path)
    {
        using var content = new StringContent(EventBody, Encoding.UTF8, "application/json");
        var response = await _bot.Http.PostAsync(path, content, Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Fact]
    public async Task Non_numeric_timestamp_is_a_401_not_a_500()
    {
        var response = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody, timestamp: "yesterday", cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, response);
    }

    [Theory]
    [InlineData(SlackEndpoints.EventsPath, "application/json", "{not json")]
    [InlineData(SlackEndpoints.EventsPath, "application/json", """{"type":"event_callback","event":{"type":"app_mention"}}""")]
    [InlineData(SlackEndpoints.EventsPath, "application/x-www-form-urlencoded", "a=b")]
    [InlineData(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", "text=hello")]
    [InlineData(SlackEndpoints.InteractionsPath, "application/x-www-form-urlencoded", "payload=%7Bbroken")]
    [InlineData(SlackEndpoints.InteractionsPath, "application/x-www-form-urlencoded", "nothing=here")]
    public async Task Malformed_body_with_a_good_signature_is_a_400_and_nothing_is_stored(string path, string contentType, string body)
    {
        var response = await Users.SendSignedAsync(path, contentType, body, cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Theory]
    [InlineData(SlackEndpoints.EventsPath, "application/json", """{"type":"\ud800"}""")]
    [InlineData(SlackEndpoints.EventsPath, "application/json", """{"type":"url_verification","challenge":"\udc00abc"}""")]
    [InlineData(SlackEndpoints.EventsPath, "application/json",
        """{"type":"event_callback","team_id":"T\u0000","event_id":"Ev0NUL","event":{"type":"reaction_added","user":"U1"}}""")]
    [InlineData(SlackEndpoints.EventsPath, "application/json",
        """{"type":"event_callback","event_id":"Ev0SURROGATE","event":{"type":"app_mention","user":"U1","text":"hi \ud83d"}}""")]
    [InlineData(SlackEndpoints.InteractionsPath, "application/x-www-form-urlencoded", "payload=%7B%22type%22%3A%22%5Cud800%22%7D")]
    [InlineData(SlackEndpoints.InteractionsPath, "application/x-www-form-urlencoded",
        "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%5Cu0000%22%7D%7D")]
    [InlineData(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", "command=%2Flearn&text=a%00b&user_id=U1&team_id=T1")]
    [InlineData(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", "command=%2Flearn&text=a\0b&user_id=U1&team_id=T1")]
    public async Task Unreadable_text_or_a_nul_with_a_good_signature_is_a_400_and_nothing_is_stored(string path, string contentType, string body)
    {
        var response = await Users.SendSignedAsync(path, contentType, body, cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Fact]
    public async Task A_nul_among_concurrent_requests_is_refused_alone_and_every_valid_one_is_acked_at_once_and_answered()
    {
        const string poisoned = "command=%2Flearn&text=help&user_id=U1&team_id=T\0&trigger_id=1.2.nul";
        var valid = Enumerable.Range(0, 24).Select(i => Users.MentionAsync(_slack.Ann, _slack.DealRoom, $"question {i}", cancellationToken: Cancel)).ToList();
        var refused = Enumerable.Range(0, 4)
            .Select(_ => Users.SendSignedAsync(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", poisoned, cancellationToken: Cancel)).ToList();
        var commands = Enumerable.Range(0, 4).Select(i => Users.SendSignedAsync(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded",
            $"command=%2Flearn&text=help&user_id=U1&team_id=T0SANDBOX&trigger_id=1.2.{i}", cancellationToken: Cancel)).ToList();

        var sent = await Task.WhenAll(valid);
        foreach (var response in await Task.WhenAll(refused))
            await HttpAssert.StatusAsync(HttpStatusCode.BadRequest, response);
        foreach (var response in await Task.WhenAll(commands))
            await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        Assert.All(sent, s => Assert.Equal(HttpStatusCode.OK, s.Post.Attempts[0]));
        await Eventually.TrueAsync(() => sent.All(s => _slack.Workspace.Replies(_slack.DealRoom.Id, s.Message.Ts).Count > 0), "every mention is answered");
        Assert.Equal(28, await InboxRowsAsync());
    }

    [Fact]
    public async Task Body_over_one_mebibyte_is_refused_with_413()
    {
        var huge = "{\"type\":\"event_callback\",\"padding\":\"" + new string('x', SlackEndpoints.MaxBodyBytes) + "\"}";

        var response = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", huge, cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Fact]
    public async Task Url_verification_answers_the_challenge()
    {
        var response = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json",
            """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""", cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json["challenge"]!.ToString());
    }

    [Fact]
    public async Task Ssl_check_is_answered_200_and_stores_nothing()
    {
        using var content = new StringContent("ssl_check=1&token=legacy", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await _bot.Http.PostAsync(SlackEndpoints.CommandsPath, content, Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, response);
        Assert.Equal(0, await InboxRowsAsync());
    }

    [Fact]
    public async Task Slash_commands_are_answered_with_a_length_and_stored_under_keys_in_arrival_order()
    {
        // Each run of a command has its own trigger_id (and so its own signature), even when the same text is sent again.
        const string body = "command=%2Flearn&text=help&user_id=U1&team_id=T0SANDBOX&trigger_id=1.2.";
        var first = await Users.SendSignedAsync(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", body + "abc", cancellationToken: Cancel);
        var second = await Users.SendSignedAsync(SlackEndpoints.CommandsPath, "application/x-www-form-urlencoded", body + "abd", cancellationToken: Cancel);

        var answer = await first.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal(answer.Length, first.Content.Headers.ContentLength);
        Assert.Equal("ephemeral", JsonNode.Parse(answer)!["response_type"]!.GetValue<string>());
        await HttpAssert.StatusAsync(HttpStatusCode.OK, second);
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        var keys = (await connection.QueryAsync<string>("SELECT dedupe_key FROM inbox WHERE kind = 'command' ORDER BY id")).ToList();
        Assert.Equal(2, keys.Count);
        Assert.True(string.CompareOrdinal(keys[0], keys[1]) < 0, $"{keys[0]} sorts before {keys[1]}, so new keys append to the index");
    }

    [Fact]
    public async Task Duplicate_event_id_is_stored_and_handled_once()
    {
        var first = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody, cancellationToken: Cancel);
        var retry = await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody, cancellationToken: Cancel);

        await HttpAssert.StatusAsync(HttpStatusCode.OK, first);
        await HttpAssert.StatusAsync(HttpStatusCode.OK, retry);
        Assert.Equal(1, await InboxRowsAsync());
        await Eventually.TrueAsync(async () => await StatusOfAsync("event:Ev0TEST0001") == "done", "the event is handled");
    }

    [Fact]
    public async Task Logs_never_show_the_signing_secret_the_signature_or_the_body()
    {
        const string secretWord = "confidential-deal-terms";
        var body = EventBody.Replace("thumbsup", secretWord, StringComparison.Ordinal);
        var forged = "v0=" + new string('b', 64);

        await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", body, signature: forged, cancellationToken: Cancel);
        await Users.SendSignedAsync(SlackEndpoints.EventsPath, "application/json", "{broken " + secretWord, cancellationToken: Cancel);

        var logs = _logs.GetSnapshot();
        Assert.Contains(logs, r => r.Message.Contains("Refused", StringComparison.Ordinal));
        foreach (var record in logs)
        {
            var text = record.Message + record.Exception;
            Assert.DoesNotContain(_slack.Workspace.SigningSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_slack.Workspace.BotToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secretWord, text, StringComparison.Ordinal);
            Assert.DoesNotContain(forged, text, StringComparison.Ordinal);
        }
    }

    private async Task<long> InboxRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox");
    }

    private async Task<string?> StatusOfAsync(string dedupeKey)
    {
        await using var connection = new NpgsqlConnection(_database);
        return await connection.ExecuteScalarAsync<string?>("SELECT status FROM inbox WHERE dedupe_key = @dedupeKey", new { dedupeKey });
    }
}
