using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LearningBot.Slack.Payloads;
using Microsoft.AspNetCore.WebUtilities;

namespace LearningBot.Slack.Receiving;

/// <summary>What to do with a request whose signature checked out.</summary>
public enum IntakeOutcome
{
    Store,
    Challenge,
    Acknowledge,
    Malformed,
}

/// <summary>The verdict on one verified request: store it (with its dedupe key), answer a challenge, just ack, or refuse.</summary>
public sealed record IntakeDecision(IntakeOutcome Outcome, InboxRequest? Request = null, string? Detail = null);

/// <summary>
/// Reads just enough of a verified body to decide and to name its dedupe key: <c>event_id</c> for events
/// (https://api.slack.com/apis/connections/events-api#retries), action + message + user for block actions (double clicks are
/// the same key), view + hash + user for submissions; slash commands are not retried by Slack, so each gets a key of its own.
/// </summary>
public static class SlackIntake
{
    public const string JsonContentType = "application/json";
    public const string FormContentType = "application/x-www-form-urlencoded";

    public static IntakeDecision Decide(InboxKind kind, string? contentType, string body)
    {
        var mediaType = MediaType(contentType);
        try
        {
            return kind switch
            {
                InboxKind.Event when mediaType == JsonContentType => DecideEvent(body),
                InboxKind.Command when mediaType == FormContentType => DecideCommand(body),
                InboxKind.Interaction when mediaType == FormContentType => DecideInteraction(body),
                _ => Malformed($"unexpected content type '{mediaType}'"),
            };
        }
        catch (JsonException)
        {
            return Malformed("body is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // GetString on text the checks below missed: still the sender's fault, never ours.
            return Malformed("body holds text that cannot be read");
        }
    }

    /// <summary>True for the form body Slack sends to probe a slash command's certificate (<c>ssl_check=1</c>).</summary>
    public static bool IsSslCheck(string? contentType, ReadOnlySpan<byte> body) =>
        MediaType(contentType) == FormContentType && body.IndexOf("ssl_check=1"u8) >= 0
        && QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).TryGetValue("ssl_check", out var value) && value == "1";

    private static IntakeDecision DecideEvent(string body)
    {
        if (StorableText.JsonProblem(body) is { } problem)
            return Malformed(problem);
        var root = JsonSerializer.Deserialize<JsonElement>(body);
        if (root.ValueKind != JsonValueKind.Object)
            return Malformed("event body is not a JSON object");
        switch (root.Str("type"))
        {
            case "url_verification":
                return root.Str("challenge") is { } challenge
                    ? new IntakeDecision(IntakeOutcome.Challenge, Detail: challenge)
                    : Malformed("url_verification without a challenge");
            case "app_rate_limited":
                return new IntakeDecision(IntakeOutcome.Acknowledge, Detail: "app_rate_limited");
            case "event_callback":
                var eventId = root.Str("event_id");
                if (string.IsNullOrEmpty(eventId) || root.Obj("event").Str("type") is null)
                    return Malformed("event_callback without event_id or event type");
                return Store(InboxKind.Event, "event:" + eventId, root.Str("team_id"), JsonContentType, body, answerInline: false);
            default:
                return Malformed("unknown event body type");
        }
    }

    private static IntakeDecision DecideCommand(string body)
    {
        if (StorableText.FormProblem(body) is { } problem)
            return Malformed(problem);
        var command = SlackCommand.Parse(body);
        if (command is null)
            return Malformed("slash command without command or user_id");
        // Slack never retries a slash command (the user sees a timeout instead), so every delivery is its own row. The key
        // starts with a time-ordered id, so new keys land at the end of the unique index instead of on random pages.
        var key = $"command:{Guid.CreateVersion7():N}:{command.TriggerId}";
        return Store(InboxKind.Command, key, command.TeamId, FormContentType, body, answerInline: true);
    }

    private static IntakeDecision DecideInteraction(string body)
    {
        if (StorableText.FormProblem(body) is { } formProblem)
            return Malformed(formProblem);
        if (QueryHelpers.ParseQuery(body).TryGetValue("payload", out var raw) && StorableText.JsonProblem(raw.ToString()) is { } jsonProblem)
            return Malformed(jsonProblem);
        var payload = SlackInteraction.ReadPayload(body);
        if (payload is not { } p)
            return Malformed("interaction without a payload object");
        var type = p.Str("type");
        var user = p.Str("user", "id");
        var team = p.Str("team", "id") ?? p.Str("user", "team_id");
        switch (type)
        {
            case "block_actions":
                var actions = SlackInteraction.ParseBlockActions(p);
                if (actions is null || actions.Actions.Count == 0)
                    return Malformed("block_actions without user or actions");
                var first = actions.Actions[0];
                var where = actions.MessageTs ?? actions.ViewId ?? "";
                // A double click repeats the form state too and is dropped; a click after changing answers is a new request.
                var state = p.TryGetProperty("state", out var stateValues) ? ":" + Hash(stateValues.GetRawText())[..16] : "";
                return Store(InboxKind.Interaction, $"action:{first.ActionId}:{where}:{user}:{first.Value}{state}", team, FormContentType, body, answerInline: false);
            case "view_submission":
                var submission = SlackInteraction.ParseViewSubmission(p);
                if (submission is null)
                    return Malformed("view_submission without user or view");
                // After a response_action of errors the user fixes the form and submits the same view again: a new request.
                var submitted = submission.View.TryGetProperty("state", out var viewState) ? ":" + Hash(viewState.GetRawText())[..16] : "";
                return Store(InboxKind.Interaction, $"view_submission:{submission.ViewId}:{submission.Hash}:{user}{submitted}", team, FormContentType, body, answerInline: true);
            case null:
                return Malformed("interaction payload without a type");
            default:
                var id = p.Str("trigger_id") ?? "sha256:" + Hash(body);
                return Store(InboxKind.Interaction, $"{type}:{id}", team, FormContentType, body, answerInline: false);
        }
    }

    /// <summary>Keys stay short enough for the unique index: long ones (a button value may be 2,000 characters) are hashed.</summary>
    private static IntakeDecision Store(InboxKind kind, string key, string? team, string contentType, string body, bool answerInline)
    {
        if (key.Length > MaxKeyLength)
            key = key[..64] + ":sha256:" + Hash(key);
        return new(IntakeOutcome.Store, new InboxRequest(kind, key, team, contentType, body, answerInline));
    }

    private const int MaxKeyLength = 200;

    private static IntakeDecision Malformed(string detail) => new(IntakeOutcome.Malformed, Detail: detail);

    private static string MediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return "";
        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? contentType : contentType[..end]).Trim().ToLowerInvariant();
    }

    private static string Hash(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}
