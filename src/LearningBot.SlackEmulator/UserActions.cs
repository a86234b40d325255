using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LearningBot.Slack.Receiving;

namespace LearningBot.SlackEmulator;

/// <summary>What Slack saw when delivering one request to the bot: the status of each attempt and the last body.</summary>
public sealed record Delivery(IReadOnlyList<HttpStatusCode?> Attempts, string Body)
{
    public HttpStatusCode? Status => Attempts[^1];
}

/// <summary>
/// Acts as users of the workspace: makes the signed requests Slack would send to the bot (events, slash commands,
/// interactions), with Slack's retries (<c>X-Slack-Retry-Num</c>) when an event is not acked within 3 s or gets a non-2xx.
/// Every payload is built here from the workspace's own fixtures.
/// </summary>
public sealed class UserActions(SlackEmulatorServer slack, Uri botAddress, HttpClient? http = null)
{
    public const string EventsPath = "/slack/events";
    public const string CommandsPath = "/slack/commands";
    public const string InteractionsPath = "/slack/interactions";

    private readonly HttpClient _http = http ?? new HttpClient();
    private EmulatedWorkspace Workspace => slack.Workspace;

    /// <summary>How long Slack waits for an ack before it counts the attempt as failed.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Pauses before retries 1..3; Slack's are about 0 s, 1 min and 5 min, compressed here so tests stay short.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>A user mentions the bot in a channel (or a thread): the message is posted and <c>app_mention</c> delivered.</summary>
    public async Task<(EmulatedMessage Message, Delivery Delivery)> MentionAsync(
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
    public async Task<(EmulatedMessage Message, Delivery Delivery)> ReplyInThreadAsync(
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
    public Task<Delivery> EditMessageAsync(EmulatedMessage message, string text, CancellationToken cancellationToken = default)
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
    public Task<Delivery> DeleteMessageAsync(EmulatedMessage message, CancellationToken cancellationToken = default)
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
    public Task<Delivery> EchoBotMessageAsync(EmulatedMessage message, CancellationToken cancellationToken = default)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var inner = UserMessageJson(message, channel);
        inner["bot_profile"] = new JsonObject { ["id"] = message.BotId, ["app_id"] = Workspace.AppId, ["name"] = Workspace.Bot.Name };
        inner["event_ts"] = message.Ts;
        return SendEventAsync(inner, cancellationToken: cancellationToken);
    }

    /// <summary>Another app's bot posts (a <c>bot_message</c> with its own bot_id), in a thread when <paramref name="threadTs"/> is given.</summary>
    public async Task<(EmulatedMessage Message, Delivery Delivery)> PostAsOtherBotAsync(
        EmulatedChannel channel, string text, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var message = Workspace.Post(channel.Id, null, "B0OTHERBOT", text, threadTs: threadTs);
        var inner = UserMessageJson(message, channel);
        inner["subtype"] = "bot_message";
        inner["username"] = "Other bot";
        inner["event_ts"] = message.Ts;
        return (message, await SendEventAsync(inner, cancellationToken: cancellationToken));
    }

    /// <summary>A user submits a modal the bot opened, with the given <c>state.values</c>; the ack body carries any <c>response_action</c>.</summary>
    public Task<Delivery> SubmitViewAsync(EmulatedUser user, EmulatedView view, JsonObject stateValues, CancellationToken cancellationToken = default)
    {
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" },
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = Workspace.TeamId },
            ["api_app_id"] = Workspace.AppId, ["token"] = "legacy-verification-token", ["trigger_id"] = slack.Handouts.IssueTrigger(user.Id).Id,
            ["view"] = new JsonObject
            {
                ["id"] = view.Id, ["team_id"] = Workspace.TeamId, ["type"] = view.Type, ["callback_id"] = view.View["callback_id"]?.DeepClone(),
                ["private_metadata"] = view.View["private_metadata"]?.DeepClone() ?? "", ["hash"] = view.Hash,
                ["blocks"] = view.View["blocks"]?.DeepClone(), ["state"] = new JsonObject { ["values"] = stateValues },
            },
        };
        return DeliverOnceAsync(InteractionsPath, "application/x-www-form-urlencoded",
            FormBody(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), cancellationToken);
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
    public Task<Delivery> SendEventAsync(JsonObject inner, string? eventId = null, CancellationToken cancellationToken = default)
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
        return DeliverWithRetriesAsync(EventsPath, "application/json", envelope.ToJsonString(), cancellationToken);
    }

    /// <summary>A user types a slash command; returns the ack and the response_url / trigger Slack handed to the bot.</summary>
    public async Task<(Delivery Delivery, ResponseUrl ResponseUrl, Trigger Trigger)> SlashCommandAsync(
        EmulatedUser user, EmulatedChannel channel, string command, string text, CancellationToken cancellationToken = default)
    {
        var responseUrl = slack.Handouts.IssueResponseUrl(channel.Id, user.Id);
        var trigger = slack.Handouts.IssueTrigger(user.Id);
        var form = new Dictionary<string, string>
        {
            ["token"] = "legacy-verification-token", ["team_id"] = Workspace.TeamId, ["team_domain"] = "sandbox",
            ["channel_id"] = channel.Id, ["channel_name"] = channel.IsIm ? "directmessage" : channel.Name, ["user_id"] = user.Id,
            ["user_name"] = user.Name, ["command"] = command, ["text"] = text, ["api_app_id"] = Workspace.AppId,
            ["is_enterprise_install"] = "false", ["response_url"] = slack.ResponseUrlFor(responseUrl), ["trigger_id"] = trigger.Id,
        };
        var delivery = await DeliverOnceAsync(CommandsPath, "application/x-www-form-urlencoded", FormBody(form), cancellationToken);
        return (delivery, responseUrl, trigger);
    }

    /// <summary>A user clicks a button on a message the bot posted.</summary>
    public async Task<(Delivery Delivery, ResponseUrl ResponseUrl)> ClickButtonAsync(
        EmulatedUser user, EmulatedMessage message, string actionId, string value, string blockId = "actions",
        CancellationToken cancellationToken = default, JsonObject? stateValues = null)
    {
        var channel = Workspace.FindChannel(message.Channel)!;
        var responseUrl = slack.Handouts.IssueResponseUrl(channel.Id, user.Id, message.Ts);
        var trigger = slack.Handouts.IssueTrigger(user.Id);
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
            ["response_url"] = slack.ResponseUrlFor(responseUrl),
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
        var delivery = await DeliverOnceAsync(InteractionsPath, "application/x-www-form-urlencoded",
            FormBody(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), cancellationToken);
        return (delivery, responseUrl);
    }

    /// <summary>Sends a body exactly as given, signed now unless a signature is supplied.</summary>
    public async Task<HttpResponseMessage> SendSignedAsync(string path, string contentType, string body, string? timestamp = null,
        string? signature = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(path, contentType, body, timestamp, signature);
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task<Delivery> DeliverWithRetriesAsync(string path, string contentType, string body, CancellationToken cancellationToken)
    {
        var attempts = new List<HttpStatusCode?>();
        string? reason = null;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
                await Task.Delay(RetryDelays[attempt - 1], Workspace.Time, cancellationToken);
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
                attempts.Add(response.StatusCode);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode || response.Headers.Contains("X-Slack-No-Retry") || attempt == RetryDelays.Count)
                    return new Delivery(attempts, text);
                reason = "http_error";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                attempts.Add(null);
                reason = "http_timeout";
                if (attempt == RetryDelays.Count)
                    return new Delivery(attempts, "");
            }
            catch (HttpRequestException)
            {
                attempts.Add(null);
                reason = "connection_failed";
                if (attempt == RetryDelays.Count)
                    return new Delivery(attempts, "");
            }
        }
    }

    private async Task<Delivery> DeliverOnceAsync(string path, string contentType, string body, CancellationToken cancellationToken)
    {
        using var request = Request(path, contentType, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AckTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            return new Delivery([response.StatusCode], await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Delivery([null], "");
        }
    }

    private HttpRequestMessage Request(string path, string contentType, string body, string? timestamp = null, string? signature = null)
    {
        timestamp ??= Workspace.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        signature ??= SlackSignature.Compute(Workspace.SigningSecret, timestamp, bytes);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(botAddress, path)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature);
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");
        return request;
    }

    private static string FormBody(Dictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value).Replace("%20", "+", StringComparison.Ordinal)));
}
