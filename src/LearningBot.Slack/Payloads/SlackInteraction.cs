using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace LearningBot.Slack.Payloads;

/// <summary>One element's action inside a <c>block_actions</c> payload (https://api.slack.com/reference/interaction-payloads/block-actions).</summary>
/// <param name="Value">A button's <c>value</c>, or the selected option's value for selects and radio buttons.</param>
/// <param name="Action">The whole action object, for the element-specific fields.</param>
public sealed record SlackAction(string ActionId, string? BlockId, string Type, string? Value, JsonElement Action);

/// <summary>A <c>block_actions</c> interaction: a user clicked or chose something (https://api.slack.com/reference/interaction-payloads/block-actions).</summary>
/// <param name="Payload">The whole payload, for state values, the source message or view.</param>
public sealed record SlackBlockActions(
    string UserId,
    string? TeamId,
    string? TriggerId,
    string? ResponseUrl,
    string? ChannelId,
    string? MessageTs,
    string? ViewId,
    IReadOnlyList<SlackAction> Actions,
    JsonElement Payload)
{
    /// <summary>The message's or view's input elements as they were when the user clicked.</summary>
    public FormState State => FormState.Of(Payload);
}

/// <summary>A modal's submit (https://api.slack.com/reference/interaction-payloads/views#view_submission).</summary>
/// <param name="View">The submitted view, including <c>state.values</c> and <c>private_metadata</c>.</param>
public sealed record SlackViewSubmission(
    string UserId,
    string? TeamId,
    string ViewId,
    string CallbackId,
    string? Hash,
    string? PrivateMetadata,
    string? TriggerId,
    JsonElement View)
{
    /// <summary>What the user entered in the modal's inputs.</summary>
    public FormState State => FormState.Of(View);
}

/// <summary>Reads the <c>payload</c> form field Slack posts for interactivity (https://api.slack.com/interactivity/handling#payloads).</summary>
public static class SlackInteraction
{
    /// <summary>The payload JSON of the form body; null when the field is missing or not a JSON object.</summary>
    public static JsonElement? ReadPayload(string body)
    {
        var form = QueryHelpers.ParseQuery(body);
        if (!form.TryGetValue("payload", out var payload) || string.IsNullOrEmpty(payload.ToString()))
            return null;
        var root = JsonSerializer.Deserialize<JsonElement>(payload.ToString());
        return root.ValueKind == JsonValueKind.Object ? root : null;
    }

    public static SlackBlockActions? ParseBlockActions(JsonElement payload)
    {
        var user = payload.Str("user", "id");
        if (payload.Str("type") != "block_actions" || user is null)
            return null;
        var actions = new List<SlackAction>();
        if (payload.TryGetProperty("actions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var action in list.EnumerateArray())
            {
                var id = action.Str("action_id");
                if (id is null)
                    continue;
                var value = action.Str("value") ?? action.Str("selected_option", "value") ?? action.Str("selected_date")
                    ?? action.Str("selected_user");
                actions.Add(new SlackAction(id, action.Str("block_id"), action.Str("type") ?? "", value, action));
            }
        }
        var container = payload.Obj("container");
        return new SlackBlockActions(user, payload.Str("team", "id") ?? payload.Str("user", "team_id"),
            payload.Str("trigger_id"), payload.Str("response_url"),
            container.Str("channel_id") ?? payload.Str("channel", "id"),
            container.Str("message_ts") ?? payload.Str("message", "ts"),
            container.Str("view_id") ?? payload.Str("view", "id"),
            actions, payload);
    }

    public static SlackViewSubmission? ParseViewSubmission(JsonElement payload)
    {
        var user = payload.Str("user", "id");
        var view = payload.Obj("view");
        var viewId = view.Str("id");
        if (payload.Str("type") != "view_submission" || user is null || viewId is null)
            return null;
        return new SlackViewSubmission(user, payload.Str("team", "id") ?? payload.Str("user", "team_id"), viewId,
            view.Str("callback_id") ?? "", view.Str("hash"), view.Str("private_metadata"), payload.Str("trigger_id"), view);
    }
}
