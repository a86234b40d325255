using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.Payloads;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack.WebApi;

/// <summary>
/// <see cref="ISlackApi"/> over HTTP: JSON bodies for chat.* and views.*, form bodies otherwise, the bot token as bearer,
/// <c>ok:false</c> turned into <see cref="SlackApiException"/> (https://api.slack.com/web#basics).
/// </summary>
public sealed class SlackApiClient(IHttpClientFactory clients, IOptionsMonitor<SlackOptions> options) : ISlackApi
{
    /// <summary>The IHttpClientFactory client name; the resilience pipeline attaches to it.</summary>
    public const string HttpClientName = "Slack";

    public async Task<AuthTestResult> AuthTestAsync(CancellationToken cancellationToken)
    {
        var root = await FormAsync("auth.test", [], cancellationToken);
        return new AuthTestResult(root.Str("user_id") ?? "", root.Str("bot_id"), root.Str("team_id") ?? "", root.Str("team"), root.Str("url"));
    }

    public async Task<PostedMessage> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = request.Channel, ["text"] = request.Text };
        AddIfSet(body, "blocks", request.Blocks?.DeepClone());
        AddIfSet(body, "thread_ts", request.ThreadTs);
        AddIfSet(body, "unfurl_links", request.UnfurlLinks);
        AddIfSet(body, "reply_broadcast", request.ReplyBroadcast);
        if (request.Metadata is not null)
            body["metadata"] = new JsonObject { ["event_type"] = request.Metadata.EventType, ["event_payload"] = request.Metadata.EventPayload.DeepClone() };
        var root = await JsonAsync("chat.postMessage", body, cancellationToken);
        return new PostedMessage(root.Str("channel") ?? request.Channel, Required(root, "ts", "chat.postMessage"));
    }

    public async Task<PostedMessage> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = request.Channel, ["ts"] = request.Ts, ["text"] = request.Text };
        AddIfSet(body, "blocks", request.Blocks?.DeepClone());
        var root = await JsonAsync("chat.update", body, cancellationToken);
        return new PostedMessage(root.Str("channel") ?? request.Channel, root.Str("ts") ?? request.Ts);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        AddIfSet(body, "blocks", blocks?.DeepClone());
        AddIfSet(body, "thread_ts", threadTs);
        var root = await JsonAsync("chat.postEphemeral", body, cancellationToken);
        return Required(root, "message_ts", "chat.postEphemeral");
    }

    public async Task<string> GetPermalinkAsync(string channel, string messageTs, CancellationToken cancellationToken)
    {
        var root = await FormAsync("chat.getPermalink", [new("channel", channel), new("message_ts", messageTs)], cancellationToken);
        return Required(root, "permalink", "chat.getPermalink");
    }

    public async Task<string> OpenConversationAsync(IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var root = await FormAsync("conversations.open", [new("users", string.Join(',', users))], cancellationToken);
        return root.Str("channel", "id") ?? throw new SlackApiException("conversations.open", "missing_channel_in_response");
    }

    public async Task<SlackConversation> GetConversationInfoAsync(string channel, CancellationToken cancellationToken) =>
        ReadConversation((await FormAsync("conversations.info", [new("channel", channel)], cancellationToken)).Obj("channel"));

    public async Task<SlackPage<SlackConversation>> ListConversationsAsync(string types, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var root = await FormAsync("conversations.list", Page([new("types", types)], cursor, limit), cancellationToken);
        return new SlackPage<SlackConversation>(Items(root, "channels", ReadConversation), NextCursor(root));
    }

    public async Task<SlackConversation> JoinConversationAsync(string channel, CancellationToken cancellationToken) =>
        ReadConversation((await FormAsync("conversations.join", [new("channel", channel)], cancellationToken)).Obj("channel"));

    public async Task<SlackPage<SlackMessage>> GetConversationHistoryAsync(string channel, string? oldest, string? cursor, int limit, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> fields = [new("channel", channel), new("include_all_metadata", "true")];
        if (oldest is not null)
            fields.Add(new("oldest", oldest));
        var root = await FormAsync("conversations.history", Page(fields, cursor, limit), cancellationToken);
        return new SlackPage<SlackMessage>(Items(root, "messages", ReadMessage), NextCursor(root));
    }

    public async Task<SlackPage<SlackMessage>> GetConversationRepliesAsync(string channel, string threadTs, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var root = await FormAsync("conversations.replies", Page([new("channel", channel), new("ts", threadTs), new("include_all_metadata", "true")], cursor, limit), cancellationToken);
        return new SlackPage<SlackMessage>(Items(root, "messages", ReadMessage), NextCursor(root));
    }

    public async Task<SlackUser> GetUserInfoAsync(string user, CancellationToken cancellationToken) =>
        ReadUser((await FormAsync("users.info", [new("user", user)], cancellationToken)).Obj("user"));

    public async Task<SlackPage<SlackUser>> ListUsersAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var root = await FormAsync("users.list", Page([], cursor, limit), cancellationToken);
        return new SlackPage<SlackUser>(Items(root, "members", ReadUser), NextCursor(root));
    }

    public async Task<SlackUser> LookupUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        ReadUser((await FormAsync("users.lookupByEmail", [new("email", email)], cancellationToken)).Obj("user"));

    public async Task<SlackView> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, cancellationToken));

    public async Task<SlackView> PublishViewAsync(string userId, JsonObject view, string? hash, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["user_id"] = userId, ["view"] = view.DeepClone() };
        AddIfSet(body, "hash", hash);
        return ReadView(await JsonAsync("views.publish", body, cancellationToken));
    }

    public async Task<SlackView> UpdateViewAsync(string viewId, JsonObject view, string? hash, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["view_id"] = viewId, ["view"] = view.DeepClone() };
        AddIfSet(body, "hash", hash);
        return ReadView(await JsonAsync("views.update", body, cancellationToken));
    }

    public async Task<SlackView> PushViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.push", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, cancellationToken));

    public async Task<Uri> OpenSocketConnectionAsync(CancellationToken cancellationToken)
    {
        var appToken = options.CurrentValue.AppToken;
        if (string.IsNullOrWhiteSpace(appToken))
            throw new SlackApiException("apps.connections.open", "not_authed");
        var root = await SendAsync("apps.connections.open", new FormUrlEncodedContent([]), appToken, cancellationToken);
        return new Uri(Required(root, "url", "apps.connections.open"));
    }

    public async Task RespondAsync(string responseUrl, JsonObject message, CancellationToken cancellationToken)
    {
        const string method = "response_url";
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
            throw new SlackApiException(method, "invalid_response_url");
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent(message) };
        using var response = await SendRawAsync(method, request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        // Slack answers "ok" in plain text, or JSON with ok:false and an error such as expired_url.
        if (text.TrimStart().StartsWith('{'))
            Check(method, JsonSerializer.Deserialize<JsonElement>(text));
    }

    private Task<JsonElement> JsonAsync(string method, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, JsonContent(body), BotToken(method), cancellationToken);

    private Task<JsonElement> FormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        SendAsync(method, new FormUrlEncodedContent(fields), BotToken(method), cancellationToken);

    private async Task<JsonElement> SendAsync(string method, HttpContent content, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Options.Set(SlackRequestOptions.Method, method);
        using var response = await SendRawAsync(method, request, cancellationToken);
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (JsonException e)
        {
            throw new SlackApiException(method, "invalid_response", inner: e);
        }
        return Check(method, root);
    }

    private async Task<HttpResponseMessage> SendRawAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SlackApiException(method, "connection_failed", inner: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new SlackApiException(method, "service_unavailable", e.RetryAfter, e);
        }
        catch (RateLimiterRejectedException e)
        {
            throw new SlackApiException(method, "ratelimited", e.RetryAfter, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SlackApiException(method, "request_timeout", inner: e);
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            throw new SlackApiException(method, "ratelimited", retryAfter);
        }
        if ((int)response.StatusCode >= 500)
        {
            response.Dispose();
            throw new SlackApiException(method, "http_error");
        }
        return response;
    }

    private static JsonElement Check(string method, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok))
            throw new SlackApiException(method, "invalid_response");
        if (ok.ValueKind != JsonValueKind.True)
            throw new SlackApiException(method, root.Str("error") ?? "unknown_error");
        return root;
    }

    private string BotToken(string method)
    {
        var token = options.CurrentValue.BotToken;
        return string.IsNullOrWhiteSpace(token) ? throw new SlackApiException(method, "not_authed") : token;
    }

    private static StringContent JsonContent(JsonObject body) =>
        new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });

    private static void AddIfSet(JsonObject body, string name, JsonNode? value)
    {
        if (value is not null)
            body[name] = value;
    }

    private static void AddIfSet(JsonObject body, string name, string? value)
    {
        if (value is not null)
            body[name] = value;
    }

    private static void AddIfSet(JsonObject body, string name, bool? value)
    {
        if (value is not null)
            body[name] = value.Value;
    }

    private static List<KeyValuePair<string, string>> Page(List<KeyValuePair<string, string>> fields, string? cursor, int limit)
    {
        fields.Add(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(cursor))
            fields.Add(new("cursor", cursor));
        return fields;
    }

    private static string Required(JsonElement root, string name, string method) =>
        root.Str(name) ?? throw new SlackApiException(method, $"missing_{name}_in_response");

    private static string? NextCursor(JsonElement root) =>
        root.Str("response_metadata", "next_cursor") is { Length: > 0 } cursor ? cursor : null;

    private static List<T> Items<T>(JsonElement root, string name, Func<JsonElement, T> read) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Select(read)] : [];

    private static SlackConversation ReadConversation(JsonElement channel) =>
        new(channel.Str("id") ?? "", channel.Str("name"), channel.Bool("is_im"), channel.Bool("is_private"), channel.Bool("is_member"));

    private static SlackMessage ReadMessage(JsonElement message) =>
        new(message.Str("ts") ?? "", message.Str("user"), message.Str("bot_id"), message.Str("text"), message.Str("thread_ts"),
            message.TryGetProperty("reply_count", out var count) && count.TryGetInt32(out var n) ? n : 0,
            message.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse(metadata.GetRawText())?.AsObject() : null);

    private static SlackUser ReadUser(JsonElement user) =>
        new(user.Str("id") ?? "", user.Str("name"), user.Str("real_name") ?? user.Str("profile", "real_name"), user.Str("tz"),
            user.TryGetProperty("tz_offset", out var offset) && offset.TryGetInt32(out var seconds) ? seconds : 0,
            user.Str("profile", "email"), user.Bool("is_bot"), user.Bool("deleted"));

    private static SlackView ReadView(JsonElement root)
    {
        var view = root.Obj("view");
        return new SlackView(view.Str("id") ?? "", view.Str("hash"));
    }
}

/// <summary>Per-request facts a delegating handler (resilience, rate limits) can read.</summary>
public static class SlackRequestOptions
{
    /// <summary>The Web API method name of the request, such as <c>chat.postMessage</c>.</summary>
    public static readonly HttpRequestOptionsKey<string> Method = new("Slack.Method");
}
