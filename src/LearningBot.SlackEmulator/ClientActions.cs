using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LearningBot.SlackEmulator;

/// <summary>Where an interactive element sits: a message in a channel, or a view (modal or Home tab).</summary>
public sealed record ActionSource(string? Channel, string? MessageTs, string? ViewId);

/// <summary>
/// What a person does in a Slack client, sent to the app as the signed requests Slack sends (through <see cref="UserActions"/>),
/// and what Slack then does with the app's answer: a slash command's reply becomes a message, a modal's
/// <c>response_action</c> closes it, replaces it or shows errors under its fields. The sandbox page drives this.
/// </summary>
public sealed partial class ClientActions(SlackEmulatorServer slack, UserActions users)
{
    private static readonly string[] ActionFields = ["type", "action_id", "block_id", "value", "text", "selected_option", "selected_options", "selected_date", "url"];

    private EmulatedWorkspace Workspace => slack.Workspace;

    /// <summary>The composer: <c>/command args</c> runs a slash command, a mention of the bot sends <c>app_mention</c>, anything else is a message event.</summary>
    public async Task<RecordedPost> SayAsync(EmulatedUser user, EmulatedChannel channel, string text, string? threadTs, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (text.StartsWith('/'))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var (command, arguments) = space < 0 ? (text, "") : (text[..space], text[(space + 1)..].Trim());
            var (delivery, url, _) = await users.SlashCommandAsync(user, channel, command, arguments, cancellationToken);
            if (AnswerOf(delivery) is { } answer && (answer["text"] is not null || answer["blocks"] is not null))
                slack.ShowAnswer(url, answer);
            return delivery;
        }
        var mention = BotMention().Match(text);
        if (mention.Success && (Workspace.Bot.Name.Equals(mention.Groups["name"].Value, StringComparison.OrdinalIgnoreCase)
            || mention.Groups["id"].Value == Workspace.Bot.Id))
            return (await users.MentionAsync(user, channel, text[mention.Length..].Trim(), threadTs, cancellationToken)).Post;

        var message = Workspace.Post(channel.Id, user.Id, null, text, threadTs: threadTs);
        var inner = new JsonObject
        {
            ["type"] = "message", ["channel"] = channel.Id, ["user"] = user.Id, ["text"] = text, ["ts"] = message.Ts, ["event_ts"] = message.Ts,
            ["channel_type"] = channel.IsIm ? "im" : channel.IsPrivate ? "group" : "channel", ["team"] = Workspace.TeamId,
            ["client_msg_id"] = Guid.NewGuid().ToString(),
        };
        if (threadTs is not null)
            inner["thread_ts"] = threadTs;
        return await users.SendEventAsync(inner, cancellationToken: cancellationToken);
    }

    /// <summary>The user opens the app's Home tab (<c>app_home_opened</c>).</summary>
    public Task<RecordedPost> OpenHomeAsync(EmulatedUser user, CancellationToken cancellationToken) =>
        users.SendEventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = user.Id, ["channel"] = Workspace.DirectMessage(user).Id, ["tab"] = "home",
            ["event_ts"] = Workspace.NextTs(),
        }, cancellationToken: cancellationToken);

    /// <summary>A click or choice on an interactive element (<c>block_actions</c>) with the state of every input beside it.</summary>
    public async Task<RecordedPost> ActAsync(EmulatedUser user, ActionSource source, JsonObject action, JsonObject? stateValues, CancellationToken cancellationToken)
    {
        var trigger = slack.Handouts.IssueTrigger(user.Id);
        var clean = new JsonObject();
        foreach (var field in ActionFields)
            if (action[field] is { } value)
                clean[field] = value.DeepClone();
        clean["action_ts"] = Workspace.NextTs();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = Workspace.TeamId },
            ["api_app_id"] = Workspace.AppId, ["token"] = "legacy-verification-token", ["trigger_id"] = trigger.Id,
            ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" }, ["enterprise"] = null, ["is_enterprise_install"] = false,
            ["actions"] = new JsonArray(clean),
            ["state"] = new JsonObject { ["values"] = stateValues?.DeepClone() ?? new JsonObject() },
        };
        if (source.ViewId is { } viewId)
        {
            var view = Workspace.FindView(viewId) ?? throw new ArgumentException($"no view {viewId}", nameof(source));
            payload["container"] = new JsonObject { ["type"] = "view", ["view_id"] = view.Id };
            payload["view"] = ViewPayload(view, stateValues);
        }
        else
        {
            var channel = Workspace.FindChannel(source.Channel ?? "") ?? throw new ArgumentException($"no channel {source.Channel}", nameof(source));
            var message = Workspace.FindMessage(channel.Id, source.MessageTs ?? "") ?? throw new ArgumentException($"no message {source.MessageTs}", nameof(source));
            var responseUrl = slack.Handouts.IssueResponseUrl(channel.Id, user.Id, message.Ts);
            payload["container"] = new JsonObject
            {
                ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = channel.Id, ["is_ephemeral"] = message.EphemeralTo is not null,
            };
            payload["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = channel.IsIm ? "directmessage" : channel.Name };
            payload["response_url"] = slack.ResponseUrlFor(responseUrl);
            if (message.EphemeralTo is null)
            {
                payload["message"] = new JsonObject
                {
                    ["type"] = "message", ["ts"] = message.Ts, ["text"] = message.Text, ["bot_id"] = message.BotId, ["blocks"] = message.Blocks?.DeepClone(),
                };
            }
        }
        return await SendInteractionAsync(payload, cancellationToken);
    }

    /// <summary>Submit on a modal (<c>view_submission</c>), then Slack's handling of the answer: errors, update, push, clear, or close.</summary>
    public async Task<RecordedPost> SubmitAsync(EmulatedUser user, string viewId, JsonObject stateValues, CancellationToken cancellationToken)
    {
        var view = Workspace.FindView(viewId) ?? throw new ArgumentException($"no view {viewId}", nameof(viewId));
        var trigger = slack.Handouts.IssueTrigger(user.Id, view.StackDepth);
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" },
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = Workspace.TeamId },
            ["api_app_id"] = Workspace.AppId, ["token"] = "legacy-verification-token", ["trigger_id"] = trigger.Id,
            ["view"] = ViewPayload(view, stateValues), ["response_urls"] = new JsonArray(), ["is_enterprise_install"] = false,
        };
        var delivery = await SendInteractionAsync(payload, cancellationToken);
        if (delivery.Status is not { } status || (int)status >= 300)
            return delivery;
        var answer = AnswerOf(delivery);
        switch (answer?["response_action"]?.ToString())
        {
            case "errors":
                view.Errors = answer["errors"] as JsonObject;
                break;
            case "update" when answer["view"] is JsonObject replacement:
                view.View = (JsonObject)replacement.DeepClone();
                view.Errors = null;
                break;
            case "push" when answer["view"] is JsonObject pushed:
                Workspace.SaveView(user.Id, "modal", (JsonObject)pushed.DeepClone(), stackDepth: view.StackDepth + 1);
                break;
            case "clear":
                foreach (var modal in Workspace.Modals(user.Id))
                    modal.Closed = true;
                break;
            default:
                view.Closed = true;
                break;
        }
        return delivery;
    }

    /// <summary>The user closes a modal with Cancel or ×; Slack tells the app only when the modal asked (<c>notify_on_close</c>).</summary>
    public async Task CloseAsync(EmulatedUser user, string viewId, CancellationToken cancellationToken)
    {
        var view = Workspace.FindView(viewId) ?? throw new ArgumentException($"no view {viewId}", nameof(viewId));
        view.Closed = true;
        if (view.View["notify_on_close"]?.GetValue<bool>() != true)
            return;
        await SendInteractionAsync(new JsonObject
        {
            ["type"] = "view_closed", ["team"] = new JsonObject { ["id"] = Workspace.TeamId, ["domain"] = "sandbox" },
            ["user"] = new JsonObject { ["id"] = user.Id, ["team_id"] = Workspace.TeamId }, ["api_app_id"] = Workspace.AppId,
            ["view"] = ViewPayload(view, null), ["is_cleared"] = false,
        }, cancellationToken);
    }

    private async Task<RecordedPost> SendInteractionAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        var body = "payload=" + Uri.EscapeDataString(payload.ToJsonString());
        using var response = await users.SendSignedAsync(UserActions.InteractionsPath, "application/x-www-form-urlencoded", body, cancellationToken: cancellationToken);
        return new RecordedPost([response.StatusCode], await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private JsonObject ViewPayload(EmulatedView view, JsonObject? stateValues)
    {
        var json = (JsonObject)view.View.DeepClone();
        json["id"] = view.Id;
        json["hash"] = view.Hash;
        json["team_id"] = Workspace.TeamId;
        json["callback_id"] ??= "";
        json["private_metadata"] ??= "";
        json["state"] = new JsonObject { ["values"] = stateValues?.DeepClone() ?? new JsonObject() };
        return json;
    }

    private static JsonObject? AnswerOf(RecordedPost delivery)
    {
        if (string.IsNullOrWhiteSpace(delivery.Body))
            return null;
        try
        {
            return JsonNode.Parse(delivery.Body) as JsonObject;
        }
        catch (JsonException)
        {
            // Slack shows a plain-text ack body as the reply.
            return new JsonObject { ["text"] = delivery.Body };
        }
    }

    [GeneratedRegex(@"^(?:@(?<name>[\w.-]+)|<@(?<id>U[A-Z0-9]+)>)\s*", RegexOptions.CultureInvariant)]
    private static partial Regex BotMention();
}
