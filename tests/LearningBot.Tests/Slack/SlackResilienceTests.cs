using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LearningBot.Slack.WebApi;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;

namespace LearningBot.Tests.Slack;

/// <summary>The resilience pipeline against a real HTTP server on loopback, with a fake clock and fixed jitter.</summary>
public sealed class SlackResilienceTests : IAsyncLifetime
{
    private readonly WatchedTimeProvider _time = new();
    private ScriptedHttpServer _slack = null!;

    public async ValueTask InitializeAsync() => _slack = await ScriptedHttpServer.StartAsync();

    public async ValueTask DisposeAsync() => await _slack.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_429_with_Retry_After_2_delays_the_call_by_at_least_2_seconds_then_it_succeeds()
    {
        _slack.Enqueue(ScriptedResponse.RateLimited(2), ScriptedResponse.Ok());
        using var client = Client(random: () => 0.5);

        var call = CallAsync(client, "users.info", new { user = "U1" });
        var delay = await _time.WaitForTimerAsync(due => due >= TimeSpan.FromSeconds(2) && due < TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(2) + SlackResilience.MaxRetryAfterJitter * 0.5, delay);

        _time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Task.Delay(100, Cancel);
        Assert.Single(_slack.Requests);
        Assert.False(call.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _slack.Requests.Count);
    }

    [Fact]
    public async Task The_retry_after_a_429_never_comes_before_the_header_even_with_no_jitter()
    {
        _slack.Enqueue(ScriptedResponse.RateLimited(2), ScriptedResponse.Ok());
        using var client = Client(random: () => 0);

        var call = CallAsync(client, "users.info", new { user = "U1" });
        var delay = await _time.WaitForTimerAsync(due => due >= TimeSpan.FromSeconds(1) && due < TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(2), delay);
        _time.Advance(delay);
        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_MaxRetryAfter_goes_back_to_the_caller_at_once()
    {
        _slack.Enqueue(ScriptedResponse.RateLimited(120));
        using var client = Client();

        using var response = await CallAsync(client, "users.info", new { user = "U1" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Single(_slack.Requests);
    }

    [Fact]
    public async Task A_429_without_Retry_After_is_retried_after_the_backoff_delay()
    {
        _slack.Enqueue(new ScriptedResponse(429, """{"ok":false,"error":"ratelimited"}"""), ScriptedResponse.Ok());
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "users.info", new { user = "U1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _slack.Requests.Count);
    }

    [Fact]
    public async Task A_429_on_chat_postMessage_is_retried_because_Slack_did_not_post_it()
    {
        _slack.Enqueue(ScriptedResponse.RateLimited(1), ScriptedResponse.Ok());
        using var client = Client(random: () => 0);

        var call = CallAsync(client, "chat.postMessage", new { channel = "C1", text = "hi" });
        _time.Advance(await _time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(1)));
        using var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _slack.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_one_succeeds()
    {
        _slack.Enqueue(ScriptedResponse.ServerError(503), ScriptedResponse.ServerError(500), ScriptedResponse.Ok("""{"ok":true,"user":{"id":"U1"}}"""));
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "users.info", new { user = "U1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"U1\"", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(3, _slack.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetryAttempts()
    {
        _slack.Enqueue(Enumerable.Range(0, 5).Select(_ => ScriptedResponse.ServerError()));
        using var client = Client(new SlackResilienceOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "users.info", new { user = "U1" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(3, _slack.Requests.Count);
    }

    [Theory]
    [InlineData("account_inactive")]
    [InlineData("channel_not_found")]
    [InlineData("user_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    [InlineData("missing_scope")]
    [InlineData("msg_too_long")]
    [InlineData("invalid_blocks")]
    public async Task A_permanent_Slack_error_is_not_retried(string error)
    {
        _slack.Enqueue(ScriptedResponse.SlackError(error));
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "chat.update", new { channel = "C1", ts = "1.2", text = "x" });

        Assert.Single(_slack.Requests);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_server_error_whose_body_names_a_permanent_error_is_not_retried()
    {
        _slack.Enqueue(ScriptedResponse.ServerError(500, """{"ok":false,"error":"channel_not_found"}"""));
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "conversations.info", new { channel = "C1" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(_slack.Requests);
    }

    [Fact]
    public async Task A_lost_connection_is_retried_for_a_read_but_not_for_chat_postMessage()
    {
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        _slack.Enqueue(ScriptedResponse.Drop());
        using (var read = await CallAsync(client, "conversations.info", new { channel = "C1" }))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(2, _slack.Requests.Count);

        // The message may have been posted before the connection went: posting again could show it twice.
        _slack.Enqueue(ScriptedResponse.Drop());
        await Assert.ThrowsAsync<HttpRequestException>(() => CallAsync(client, "chat.postMessage", new { channel = "C1", text = "hi" }));
        Assert.Equal(3, _slack.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_on_chat_postMessage_goes_back_to_the_caller_unretried()
    {
        _slack.Enqueue(ScriptedResponse.ServerError(500));
        using var client = Client(new SlackResilienceOptions { BaseDelay = TimeSpan.Zero });

        using var response = await CallAsync(client, "chat.postMessage", new { channel = "C1", text = "hi" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(_slack.Requests);
    }

    [Fact]
    public async Task A_connection_that_was_never_made_is_retried_even_for_chat_postMessage()
    {
        var closedPort = new TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        var port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();
        var logger = new FakeLogger<SlackResilience>();
        // Every attempt takes a turn of the channel's one-a-second budget; this test is about retrying, not pacing.
        var options = new SlackResilienceOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero, EnableRateLimiter = false };
        using var client = Client(options, logger: logger);
        client.BaseAddress = new Uri($"http://127.0.0.1:{port}/api/");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => CallAsync(client, "chat.postMessage", new { channel = "C1", text = "hi" }));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Message.Contains("chat.postMessage failed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Only_failures_before_a_connection_count_as_never_reaching_Slack()
    {
        Assert.True(SlackResilience.NeverReachedSlack(new HttpRequestException(HttpRequestError.NameResolutionError)));
        Assert.True(SlackResilience.NeverReachedSlack(new HttpRequestException(HttpRequestError.ConnectionError)));
        Assert.False(SlackResilience.NeverReachedSlack(new HttpRequestException(HttpRequestError.ResponseEnded)));
        Assert.False(SlackResilience.NeverReachedSlack(new HttpRequestException(HttpRequestError.Unknown)));
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_closes_again_after_the_break()
    {
        _slack.Enqueue(ScriptedResponse.ServerError(), ScriptedResponse.ServerError());
        var options = new SlackResilienceOptions
        {
            MaxRetryAttempts = 0,
            BreakerMinimumThroughput = 2,
            BreakerFailureRatio = 1,
            BreakerBreakDuration = TimeSpan.FromSeconds(15),
        };
        using var client = Client(options);

        (await CallAsync(client, "users.info", new { user = "U1" })).Dispose();
        (await CallAsync(client, "users.info", new { user = "U1" })).Dispose();
        await Assert.ThrowsAsync<BrokenCircuitException>(() => CallAsync(client, "users.info", new { user = "U1" }));
        Assert.Equal(2, _slack.Requests.Count);

        _time.Advance(TimeSpan.FromSeconds(15));
        using var response = await CallAsync(client, "users.info", new { user = "U1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _slack.Requests.Count);
    }

    [Fact]
    public async Task Posts_to_one_channel_are_spaced_a_second_apart_but_posts_to_another_channel_are_not()
    {
        using var client = Client();

        var first = CallAsync(client, "chat.postMessage", new { channel = "C1", text = "one" });
        await _slack.WaitForRequestsAsync(1);
        var second = FormCallAsync(client, "chat.postMessage", ("channel", "C1"), ("text", "two"));
        var elsewhere = CallAsync(client, "chat.postMessage", new { channel = "C2", text = "other" });
        await _slack.WaitForRequestsAsync(2);
        var wait = await _time.WaitForTimerAsync(due => due > TimeSpan.Zero && due <= TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        await Task.Delay(100, Cancel);
        Assert.Equal(["C1", "C2"], _slack.Requests.Select(Channel));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(first, second, elsewhere);
        Assert.Equal(["C1", "C2", "C1"], _slack.Requests.Select(Channel));
        Assert.Equal("channel=C1&text=two", _slack.Requests[2].Body);
    }

    [Fact]
    public async Task A_call_that_would_wait_past_MaxRateLimitWait_is_refused_without_being_sent()
    {
        using var client = Client(new SlackResilienceOptions { MaxRateLimitWait = TimeSpan.FromMilliseconds(500) });

        (await CallAsync(client, "chat.postMessage", new { channel = "C1", text = "one" })).Dispose();
        var refused = await Assert.ThrowsAsync<RateLimiterRejectedException>(() => CallAsync(client, "chat.postMessage", new { channel = "C1", text = "two" }));

        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Single(_slack.Requests);
    }

    [Fact]
    public async Task Each_workspace_token_has_its_own_rate_budget()
    {
        using var client = Client(new SlackResilienceOptions { MaxRateLimitWait = TimeSpan.Zero });

        (await CallAsync(client, "chat.postMessage", new { channel = "C1", text = "a" }, token: "xoxb-one")).Dispose();
        (await CallAsync(client, "chat.postMessage", new { channel = "C1", text = "b" }, token: "xoxb-two")).Dispose();

        Assert.Equal(2, _slack.Requests.Count);
        Assert.Equal(["Bearer xoxb-one", "Bearer xoxb-two"], _slack.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_tier_1_method_gets_its_burst_then_waits_for_the_next_minute()
    {
        using var client = Client(new SlackResilienceOptions { MaxRateLimitWait = TimeSpan.FromMinutes(2) });

        for (var i = 0; i < MethodTiers.Tier1.Burst; i++)
            (await CallAsync(client, "apps.connections.open", new { })).Dispose();
        var next = CallAsync(client, "apps.connections.open", new { });
        var wait = await _time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(1));

        Assert.Equal(MethodTiers.Tier1.Burst, _slack.Requests.Count);
        _time.Advance(wait);
        (await next).Dispose();
        Assert.Equal(MethodTiers.Tier1.Burst + 1, _slack.Requests.Count);
    }

    [Fact]
    public async Task One_line_adds_the_handler_to_a_client_registration_with_options_from_configuration()
    {
        var services = Services(new Dictionary<string, string?> { ["Slack:Resilience:MaxRetryAttempts"] = "1", ["Slack:Resilience:BaseDelay"] = "00:00:00" });
        services.AddHttpClient("slack", c => c.BaseAddress = _slack.ApiAddress).AddSlackResilience();
        await using var provider = services.BuildServiceProvider();
        _slack.Enqueue(ScriptedResponse.ServerError(), ScriptedResponse.ServerError());

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("slack");
        using var response = await CallAsync(client, "users.info", new { user = "U1" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(2, _slack.Requests.Count);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_setting()
    {
        var services = Services(new Dictionary<string, string?>
        {
            ["Slack:Resilience:MaxRetryAttempts"] = "-1",
            ["Slack:Resilience:BreakerMinimumThroughput"] = "1",
            ["Slack:Resilience:AttemptTimeout"] = "00:00:00",
        });
        services.AddHttpClient("slack").AddSlackResilience();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SlackResilienceOptions>>().Value);

        Assert.Contains("Slack:Resilience:MaxRetryAttempts", error.Message);
        Assert.Contains("Slack:Resilience:BreakerMinimumThroughput", error.Message);
        Assert.Contains("Slack:Resilience:AttemptTimeout", error.Message);
    }

    private HttpClient Client(SlackResilienceOptions? options = null, Func<double>? random = null, FakeLogger<SlackResilience>? logger = null)
    {
        var resilience = new SlackResilience(options ?? new SlackResilienceOptions(), _time, random ?? (() => 0.5), logger);
        return new HttpClient(new SlackResilienceHandler(resilience) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = _slack.ApiAddress };
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, string method, object body, string token = "xoxb-test")
    {
        var json = JsonSerializer.SerializeToElement(body);
        var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new StringContent(json.GetRawText(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The client names a post's channel beside the body, as SlackApiClient does.
        if (json.TryGetProperty("channel", out var channel))
            request.Options.Set(SlackRequestOptions.Channel, channel.GetString()!);
        return client.SendAsync(request, Cancel);
    }

    private static Task<HttpResponseMessage> FormCallAsync(HttpClient client, string method, params (string Key, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "xoxb-test");
        foreach (var (_, value) in fields.Where(f => f.Key == "channel"))
            request.Options.Set(SlackRequestOptions.Channel, value);
        return client.SendAsync(request, Cancel);
    }

    private static string? Channel(SeenRequest request) => request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
        ? JsonDocument.Parse(request.Body).RootElement.GetProperty("channel").GetString()
        : request.Body.Split('&').Select(p => p.Split('=')).Where(p => p[0] == "channel").Select(p => p[1]).Single();

    private ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        return services;
    }
}
