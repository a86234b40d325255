using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using Microsoft.Extensions.Options;

namespace LearningBot.Slack.WebApi;

/// <summary>
/// <see cref="ISlackApi"/> over HTTP: JSON bodies for chat.* and views.*, form bodies otherwise, the bot token as bearer,
/// <c>ok:false</c> turned into <see cref="SlackApiException"/> (https://api.slack.com/web#basics).
/// </summary>
public sealed class SlackApiClient(IHttpClientFactory clients, IOptionsMonitor<SlackOptions> options, SlackTelemetry telemetry) : ISlackApi
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
        var message = request.Message;
        var body = new PostMessageBody(request.Channel, message.Text, BlocksOrNone(message), request.ThreadTs, request.UnfurlLinks,
            request.ReplyBroadcast, request.Metadata);
        var root = await JsonAsync("chat.postMessage", Json(body, WebApiJsonContext.Default.PostMessageBody), cancellationToken, channel: request.Channel);
        return new PostedMessage(root.Str("channel") ?? request.Channel, Required(root, "ts", "chat.postMessage"));
    }

    public async Task<PostedMessage> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken)
    {
        var body = new UpdateMessageBody(request.Channel, request.Ts, request.Message.Text, request.Message.Blocks);
        var root = await JsonAsync("chat.update", Json(body, WebApiJsonContext.Default.UpdateMessageBody), cancellationToken);
        return new PostedMessage(root.Str("channel") ?? request.Channel, root.Str("ts") ?? request.Ts);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new PostEphemeralBody(channel, user, message.Text, BlocksOrNone(message), threadTs);
        var root = await JsonAsync("chat.postEphemeral", Json(body, WebApiJsonContext.Default.PostEphemeralBody), cancellationToken);
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

    public async Task<SlackPage<HistoryMessage>> GetConversationHistoryAsync(string channel, string? oldest, string? cursor, int limit, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> fields = [new("channel", channel), new("include_all_metadata", "true")];
        if (oldest is not null)
            fields.Add(new("oldest", oldest));
        var root = await FormAsync("conversations.history", Page(fields, cursor, limit), cancellationToken);
        return new SlackPage<HistoryMessage>(Items(root, "messages", ReadMessage), NextCursor(root));
    }

    public async Task<SlackPage<HistoryMessage>> GetConversationRepliesAsync(string channel, string threadTs, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var root = await FormAsync("conversations.replies", Page([new("channel", channel), new("ts", threadTs), new("include_all_metadata", "true")], cursor, limit), cancellationToken);
        return new SlackPage<HistoryMessage>(Items(root, "messages", ReadMessage), NextCursor(root));
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

    public async Task<SlackView> OpenViewAsync(string triggerId, ModalView view, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.open", Json(new OpenViewBody(triggerId, view), WebApiJsonContext.Default.OpenViewBody), cancellationToken));

    public async Task<SlackView> PublishViewAsync(string userId, HomeView view, string? hash, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.publish", Json(new PublishViewBody(userId, view, hash), WebApiJsonContext.Default.PublishViewBody), cancellationToken));

    public async Task<SlackView> UpdateViewAsync(string viewId, View view, string? hash, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.update", Json(new UpdateViewBody(viewId, view, hash), WebApiJsonContext.Default.UpdateViewBody), cancellationToken));

    public async Task<SlackView> PushViewAsync(string triggerId, ModalView view, CancellationToken cancellationToken) =>
        ReadView(await JsonAsync("views.push", Json(new OpenViewBody(triggerId, view), WebApiJsonContext.Default.OpenViewBody), cancellationToken));

    public async Task<Uri> OpenSocketConnectionAsync(CancellationToken cancellationToken)
    {
        var appToken = options.CurrentValue.AppToken;
        if (string.IsNullOrWhiteSpace(appToken))
            throw new SlackApiException("apps.connections.open", "not_authed");
        var root = await SendAsync("apps.connections.open", new FormUrlEncodedContent([]), appToken, cancellationToken);
        return new Uri(Required(root, "url", "apps.connections.open"));
    }

    public async Task RespondAsync(string responseUrl, JsonObject answer, CancellationToken cancellationToken)
    {
        const string method = "response_url";
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
            throw new SlackApiException(method, "invalid_response_url");
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent(Encoding.UTF8.GetBytes(answer.ToJsonString())) };
        using var response = await SendRawAsync(method, request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        // Slack answers "ok" in plain text, or JSON with ok:false and an error such as expired_url.
        if (text.TrimStart().StartsWith('{'))
            Check(method, JsonSerializer.Deserialize<JsonElement>(text));
    }

    private Task<JsonElement> JsonAsync(string method, byte[] body, CancellationToken cancellationToken, string? channel = null) =>
        SendAsync(method, JsonContent(body), BotToken(method), cancellationToken, channel);

    private Task<JsonElement> FormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        SendAsync(method, new FormUrlEncodedContent(fields), BotToken(method), cancellationToken);

    private async Task<JsonElement> SendAsync(string method, HttpContent content, string token, CancellationToken cancellationToken, string? channel = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Options.Set(SlackRequestOptions.Method, method);
        if (channel is not null)
            request.Options.Set(SlackRequestOptions.Channel, channel);
        try
        {
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
            var checkedRoot = Check(method, root);
            telemetry.ApiCall(method, "ok");
            return checkedRoot;
        }
        catch (SlackApiException e)
        {
            telemetry.ApiCall(method, e.Error);
            throw;
        }
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
            telemetry.RateLimited(method, waited: null);
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

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>The one serialisation of a request body, Block Kit included.</summary>
    private static byte[] Json<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(body, type);

    /// <summary>A message of text alone is sent without a blocks field, as Slack's examples do.</summary>
    private static IReadOnlyList<Block>? BlocksOrNone(SlackMessage message) => message.Blocks.Count > 0 ? message.Blocks : null;

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

    private static HistoryMessage ReadMessage(JsonElement message) =>
        new(message.Str("ts") ?? "", message.Str("user"), message.Str("bot_id"), message.Str("text"), message.Str("thread_ts"),
            message.TryGetProperty("reply_count", out var count) && count.TryGetInt32(out var n) ? n : 0,
            MessageMetadata.Read(message.Obj("metadata")));

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

    /// <summary>The channel a chat.postMessage goes to: Slack's one-post-a-second limit is per channel.</summary>
    public static readonly HttpRequestOptionsKey<string> Channel = new("Slack.Channel");
}
