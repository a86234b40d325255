using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LearningBot.Slack.Receiving;

namespace LearningBot.SlackEmulator;

/// <summary>One request the emulator posted to the bot, as Slack would see it: the status of each attempt and the last answer's body.</summary>
public sealed record RecordedPost(IReadOnlyList<HttpStatusCode?> Attempts, string Body)
{
    public HttpStatusCode? Status => Attempts[^1];
}

/// <summary>
/// Acts as users of the workspace: makes the signed requests Slack would send to the bot (events, slash commands,
/// interactions), with Slack's retries (<c>X-Slack-Retry-Num</c>) when an event is not acked within 3 s or gets a non-2xx.
/// <see cref="OverSocketMode"/> sends the same payloads as Socket Mode envelopes instead.
/// Every payload is built here from the workspace's own fixtures.
/// </summary>
public sealed class UserActions
{
    public const string EventsPath = "/slack/events";
    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";

    private readonly SlackEmulatorServer _slack;
    private readonly Uri? _bot;
    private readonly HttpClient _http;

    public UserActions(SlackEmulatorServer slack, Uri botAddress, HttpClient? http = null)
    {
        _slack = slack;
        _bot = botAddress;
        _http = http ?? new HttpClient();
    }

    private UserActions(SlackEmulatorServer slack)
    {
        _slack = slack;
        _http = new HttpClient();
    }

    /// <summary>
    /// The same users talking to a bot connected over Socket Mode: envelopes on its WebSocket instead of signed requests. In the
    /// returned <see cref="RecordedPost"/> an ack counts as 200 and the ack's payload is the body.
    /// </summary>
    public static UserActions OverSocketMode(SlackEmulatorServer slack) => new(slack);

    private EmulatedWorkspace Workspace => _slack.Workspace;

    /// <summary>How long Slack waits for an ack before it counts the attempt as failed.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Pauses before retries 1..3; Slack's are about 0 s, 1 min and 5 min, compressed here so tests stay short.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>A user mentions the bot in a channel (or a thread): the message is posted and <c>app_mention</c> delivered.</summary>
    public async Task<(EmulatedMessage Message, RecordedPost Post)> MentionAsync(
        EmulatedUser user, EmulatedChannel channel, string text, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var fullText = $"<@{Workspace.Bot.Id}> {text}";
        var message = Workspace.Post(channel.Id, user.Id, null, fullText, threadTs: threadTs);
        var inner = new JsonObject
        {
            ["type"] = "app_mention", ["user"] = user.Id, ["text"] = fullText, ["ts"] = message.Ts, ["channel"] = channel.Id,
            ["event_ts"] = message.Ts, ["team"] = Workspace.TeamId, ["client_msg_id"] = Guid.NewGuid().ToString(),
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "rich_text", ["block_id"] = "m" + message.Ts.Replace(".", "", StringComparison.Ordinal)[^4..],
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rich_text_section",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "user", ["user_id"] = Workspace.Bot.Id },
                        new JsonObject { ["type"] = "text", ["text"] = " " + text }),
                }),
            }),
        };
        if (threadTs is not null)
            inner["thread_ts"] = threadTs;
        var delivery = await SendEventAsync(inner, cancellationToken: cancellationToken);
        return (message, delivery);
    }

    /// <summary>A user replies in a thread: the reply is posted and a <c>message</c> event with <c>thread_ts</c> delivered.</summary>
    public async Task<(EmulatedMessage Message, RecordedPost Post)> ReplyInThreadAsync(
        EmulatedUser user, EmulatedChannel channel, string threadTs, string text, CancellationToken cancellationToken = default)
    {
        var parent = Workspace.FindMessage(channel.Id, threadTs);
        var message = Workspace.Post(channel.Id, user.Id, null, text, threadTs: threadTs);
        var inner = UserMessageJson(message, channel);
        inner["parent_user_id"] = parent?.User;
        inner["event_ts"] = message.Ts;
        inner["client_msg_id"] = Guid.NewGuid().ToString();
        return (message, await SendEventAsync(inner, cancellationToken: cancellationToken));
    }

    /// <summary>The author edits a message: its text changes and a hidden <c>message_changed</c> event is delivered.</summary>
    public Task<RecordedPost> EditMessageAsync(EmulatedMessage message, string text, CancellationToken cancellationToken = default)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var previous = UserMessageJson(message, channel);
        message.Text = text;
        var edited = UserMessageJson(message, channel);
        var now = Workspace.NextTs();
        edited["edited"] = new JsonObject { ["user"] = message.User, ["ts"] = now };
        return SendEventAsync(new JsonObject
        {
            ["type"] = "message", ["subtype"] = "message_changed", ["hidden"] = true, ["channel"] = channel.Id,
            ["channel_type"] = ChannelType(channel), ["ts"] = now, ["event_ts"] = now, ["message"] = edited, ["previous_message"] = previous,
        }, cancellationToken: cancellationToken);
    }

    /// <summary>The author deletes a message: it leaves the channel and a hidden <c>message_deleted</c> event is delivered.</summary>
    public Task<RecordedPost> DeleteMessageAsync(EmulatedMessage message, CancellationToken cancellationToken = default)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var previous = UserMessageJson(message, channel);
        message.Deleted = true;
        var now = Workspace.NextTs();
        return SendEventAsync(new JsonObject
        {
            ["type"] = "message", ["subtype"] = "message_deleted", ["hidden"] = true, ["channel"] = channel.Id,
            ["channel_type"] = ChannelType(channel), ["ts"] = now, ["event_ts"] = now, ["deleted_ts"] = message.Ts, ["previous_message"] = previous,
        }, cancellationToken: cancellationToken);
    }

    /// <summary>The <c>message</c> event Slack sends the bot about a message the bot itself posted to a channel.</summary>
    public Task<RecordedPost> EchoBotMessageAsync(EmulatedMessage message, CancellationToken cancellationToken = default)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var inner = UserMessageJson(message, channel);
        inner["bot_profile"] = new JsonObject { ["id"] = message.BotId, ["app_id"] = Workspace.AppId, ["name"] = Workspace.Bot.Name };
        inner["event_ts"] = message.Ts;
        return SendEventAsync(inner, cancellationToken: cancellationToken);
    }

    /// <summary>Another app's bot posts (a <c>bot_message</c> with its own bot_id), in a thread when <paramref name="threadTs"/> is given.</summary>
    public async Task<(EmulatedMessage Message, RecordedPost Post)> PostAsOtherBotAsync(
        EmulatedChannel channel, string text, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var message = Workspace.Post(channel.Id, null, "B0OTHERBOT", text, threadTs: threadTs);
        var inner = UserMessageJson(message, channel);
        inner["subtype"] = "bot_message";
        inner["username"] = "Other bot";
        inner["event_ts"] = message.Ts;
        return (message, await SendEventAsync(inner, cancellationToken: cancellationToken));
    }

    private JsonObject UserMessageJson(EmulatedMessage message, EmulatedChannel channel)
    {
        var json = new JsonObject
        {
            ["type"] = "message", ["text"] = message.Text, ["ts"] = message.Ts, ["channel"] = channel.Id, ["channel_type"] = ChannelType(channel),
            ["team"] = Workspace.TeamId,
        };
        if (message.User is not null)
            json["user"] = message.User;
        if (message.BotId is not null)
        {
            json["bot_id"] = message.BotId;
            json["app_id"] = message.BotId == Workspace.BotId ? Workspace.AppId : "A0OTHERAPP";
        }
        if (message.ThreadTs is not null)
            json["thread_ts"] = message.ThreadTs;
        return json;
    }

    private static string ChannelType(EmulatedChannel channel) => channel.IsIm ? "im" : channel.IsPrivate ? "group" : "channel";

    /// <summary>Wraps an inner event in Slack's <c>event_callback</c> envelope and delivers it, retrying like Slack.</summary>
    public Task<RecordedPost> SendEventAsync(JsonObject inner, string? eventId = null, CancellationToken cancellationToken = default)
    {
        var now = Workspace.Time.GetUtcNow().ToUnixTimeSeconds();
        var envelope = new JsonObject
        {
            ["token"] = "legacy-verification-token", ["team_id"] = Workspace.TeamId, ["context_team_id"] = Workspace.TeamId,
            ["context_enterprise_id"] = null, ["api_app_id"] = Workspace.AppId, ["event"] = inner, ["type"] = "event_callback",
            ["event_id"] = eventId ?? Workspace.NextId('E') + "v" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            ["event_time"] = now, ["is_ext_shared_channel"] = false, ["event_context"] = "4-" + Guid.NewGuid().ToString("N"),
            ["authorizations"] = new JsonArray(new JsonObject
            {
                ["enterprise_id"] = null, ["team_id"] = Workspace.TeamId, ["user_id"] = Workspace.Bot.Id, ["is_bot"] = true,
                ["is_enterprise_install"] = false,
            }),
        };
        return DeliverAsync("events_api", envelope, EventsPath, "application/json", envelope.ToJsonString(), retries: true, cancellationToken);
    }

    /// <summary>A user types a slash command; returns the ack and the response_url / trigger Slack handed to the bot.</summary>
    public async Task<(RecordedPost Post, ResponseUrl ResponseUrl, Trigger Trigger)> SlashCommandAsync(
        EmulatedUser user, EmulatedChannel channel, string command, string text, CancellationToken cancellationToken = default)
    {
        var responseUrl = _slack.Handouts.IssueResponseUrl(channel.Id, user.Id);
        var trigger = _slack.Handouts.IssueTrigger(user.Id);
        var form = new Dictionary<string, string>
        {
            ["token"] = "legacy-verification-token", ["team_id"] = Workspace.TeamId, ["team_domain"] = "sandbox",
            ["channel_id"] = channel.Id, ["channel_name"] = channel.IsIm ? "directmessage" : channel.Name, ["user_id"] = user.Id,
            ["user_name"] = user.Name, ["command"] = command, ["text"] = text, ["api_app_id"] = Workspace.AppId,
            ["is_enterprise_install"] = "false", ["response_url"] = _slack.ResponseUrlFor(responseUrl), ["trigger_id"] = trigger.Id,
        };
        var fields = new JsonObject();
        foreach (var (key, value) in form)
            fields[key] = value;
        var delivery = await DeliverAsync("slash_commands", fields, CommandsPath, "application/x-www-form-urlencoded", FormBody(form), retries: false, cancellationToken);
        return (delivery, responseUrl, trigger);
    }

    /// <summary>A user clicks a button on a message the bot posted.</summary>
    public async Task<(RecordedPost Post, ResponseUrl ResponseUrl)> ClickButtonAsync(
        EmulatedUser user, EmulatedMessage message, string actionId, string value, string blockId = "actions",
        CancellationToken cancellationToken = default, JsonObject? stateValues = null)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var responseUrl = _slack.Handouts.IssueResponseUrl(channel.Id, user.Id, message.Ts);
        var trigger = _slack.Handouts.IssueTrigger(user.Id);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = Workspace.TeamId },
            ["api_app_id"] = Workspace.AppId, ["token"] = "legacy-verification-token",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = channel.Id, ["is_ephemeral"] = message.EphemeralTo is not null },
            ["trigger_id"] = trigger.Id,
            ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" },
            ["enterprise"] = null, ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = channel.IsIm ? "directmessage" : channel.Name },
            ["response_url"] = _slack.ResponseUrlFor(responseUrl),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button", ["action_id"] = actionId, ["block_id"] = blockId, ["value"] = value,
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = actionId, ["emoji"] = true },
                ["action_ts"] = Workspace.NextTs(),
            }),
        };
        if (stateValues is not null)
            payload["state"] = new JsonObject { ["values"] = stateValues };
        if (message.EphemeralTo is null)
            payload["message"] = new JsonObject { ["type"] = "message", ["ts"] = message.Ts, ["text"] = message.Text, ["bot_id"] = message.BotId, ["blocks"] = message.Blocks?.DeepClone() };
        return (await InteractAsync(payload, cancellationToken), responseUrl);
    }

    /// <summary>A user submits a modal the bot opened, with the given <c>state.values</c>.</summary>
    public Task<RecordedPost> SubmitViewAsync(EmulatedUser user, EmulatedView view, JsonObject values, CancellationToken cancellationToken = default)
    {
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" },
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = Workspace.TeamId },
            ["api_app_id"] = Workspace.AppId, ["token"] = "legacy-verification-token", ["trigger_id"] = _slack.Handouts.IssueTrigger(user.Id).Id,
            ["view"] = new JsonObject
            {
                ["id"] = view.Id, ["team_id"] = Workspace.TeamId, ["type"] = view.Type, ["callback_id"] = view.View["callback_id"]?.DeepClone(),
                ["hash"] = view.Hash, ["private_metadata"] = view.View["private_metadata"]?.DeepClone() ?? "",
                ["blocks"] = view.View["blocks"]?.DeepClone(), ["state"] = new JsonObject { ["values"] = values },
            },
            ["response_urls"] = new JsonArray(), ["is_enterprise_install"] = false, ["enterprise"] = null,
        };
        return InteractAsync(payload, cancellationToken);
    }

    /// <summary>Sends a body exactly as given, signed now unless a signature is supplied.</summary>
    public async Task<HttpResponseMessage> SendSignedAsync(string path, string contentType, string body, string? timestamp = null,
        string? signature = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(path, contentType, body, timestamp, signature);
        return await _http.SendAsync(request, cancellationToken);
    }

    private Task<RecordedPost> InteractAsync(JsonObject payload, CancellationToken cancellationToken) =>
        DeliverAsync("interactive", payload, InteractionsPath, "application/x-www-form-urlencoded",
            FormBody(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), retries: false, cancellationToken);

    /// <summary>One outcome of an attempt: <paramref name="RetryReason"/> is null when Slack is done with this request.</summary>
    private sealed record Attempt(HttpStatusCode? Status, string Body, string? RetryReason);

    /// <summary>
    /// Delivers as Slack does over the transport in use; events (<paramref name="retries"/>) are sent again after a failed attempt,
    /// slash commands and interactions never are (the user sees an error instead).
    /// </summary>
    private async Task<RecordedPost> DeliverAsync(string envelopeType, JsonObject payload, string path, string contentType, string body, bool retries,
        CancellationToken cancellationToken)
    {
        var attempts = new List<HttpStatusCode?>();
        string? reason = null;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(RetryDelays[attempt - 1], Workspace.Time, cancellationToken);
            var outcome = _bot is null
                ? await EnvelopeAttemptAsync(envelopeType, payload, attempt, reason, cancellationToken)
                : await HttpAttemptAsync(path, contentType, body, attempt, reason, cancellationToken);
            attempts.Add(outcome.Status);
            if (outcome.RetryReason is null || !retries || attempt == RetryDelays.Count)
                return new RecordedPost(attempts, outcome.Body);
            reason = outcome.RetryReason;
        }
    }

    private async Task<Attempt> EnvelopeAttemptAsync(string type, JsonObject payload, int attempt, string? reason, CancellationToken cancellationToken)
    {
        var acceptsPayload = type == "slash_commands" || payload["type"]?.ToString() == "view_submission";
        var result = await _slack.SocketMode.DeliverOnceAsync(type, payload, acceptsPayload, attempt, reason, AckTimeout, cancellationToken);
        return result.Acked ? new Attempt(HttpStatusCode.OK, result.Payload?.ToJsonString() ?? "", null) : new Attempt(null, "", result.FailureReason);
    }

    private async Task<Attempt> HttpAttemptAsync(string path, string contentType, string body, int attempt, string? reason, CancellationToken cancellationToken)
    {
        using var request = Request(path, contentType, body);
        if (attempt > 0)
        {
            request.Headers.Add(SlackSignature.RetryNumHeader, attempt.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(SlackSignature.RetryReasonHeader, reason);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AckTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var done = response.IsSuccessStatusCode || response.Headers.Contains("X-Slack-No-Retry");
            return new Attempt(response.StatusCode, text, done ? null : "http_error");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, "", "http_timeout");
        }
        catch (HttpRequestException)
        {
            return new Attempt(null, "", "connection_failed");
        }
    }

    private HttpRequestMessage Request(string path, string contentType, string body, string? timestamp = null, string? signature = null)
    {
        timestamp ??= Workspace.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        signature ??= SlackSignature.Compute(Workspace.SigningSecret, timestamp, bytes);
        var bot = _bot ?? throw new InvalidOperationException("These users talk to the bot over Socket Mode; signed HTTP requests need the bot's address.");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot, path)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature);
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");
        return request;
    }

    private static string FormBody(Dictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value).Replace("%20", "+", StringComparison.Ordinal)));
}
