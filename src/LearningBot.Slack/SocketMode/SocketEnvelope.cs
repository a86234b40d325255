using System.Text;
using System.Text.Json;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Receiving;

namespace LearningBot.Slack.SocketMode;

/// <summary>
/// One text frame from Slack's Socket Mode connection (https://api.slack.com/apis/socket-mode#events): <c>hello</c>,
/// <c>disconnect</c>, or an envelope carrying what the HTTP endpoints would have received.
/// </summary>
public sealed record SocketEnvelope(string Type, string? EnvelopeId, JsonElement Payload, int RetryAttempt, string? RetryReason, string? Reason)
{
    public const string Hello = "hello";
    public const string Disconnect = "disconnect";
    public const string EventsApi = "events_api";
    public const string SlashCommands = "slash_commands";
    public const string Interactive = "interactive";

    /// <summary>Reads a frame; null when it is not a JSON object with a type.</summary>
    public static SocketEnvelope? Parse(ReadOnlySpan<byte> frame)
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(frame);
        }
        catch (JsonException)
        {
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object || root.Str("type") is not { } type)
            return null;
        var payload = root.TryGetProperty("payload", out var p) ? p : default;
        var attempt = root.TryGetProperty("retry_attempt", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0;
        return new SocketEnvelope(type, root.Str("envelope_id"), payload, attempt, root.Str("retry_reason"), root.Str("reason"));
    }

    /// <summary>
    /// The same verdict the HTTP endpoint gives for the same payload: the envelope is turned into the body Slack would have
    /// POSTed (event JSON, command form, <c>payload=</c> form), so dedupe keys, stored rows and handlers are identical.
    /// </summary>
    public IntakeDecision ToIntake()
    {
        if (Payload.ValueKind != JsonValueKind.Object)
            return new IntakeDecision(IntakeOutcome.Malformed, Detail: $"{Type} envelope without a payload object");
        return Type switch
        {
            EventsApi => SlackIntake.Decide(InboxKind.Event, SlackIntake.JsonContentType, Payload.GetRawText()),
            SlashCommands => SlackIntake.Decide(InboxKind.Command, SlackIntake.FormContentType, CommandForm(Payload)),
            Interactive => SlackIntake.Decide(InboxKind.Interaction, SlackIntake.FormContentType, "payload=" + Uri.EscapeDataString(Payload.GetRawText())),
            _ => new IntakeDecision(IntakeOutcome.Malformed, Detail: $"unknown envelope type '{Type}'"),
        };
    }

    /// <summary>True for the envelopes that carry a request to store and ack.</summary>
    public bool IsRequest => Type is EventsApi or SlashCommands or Interactive;

    private static string CommandForm(JsonElement fields)
    {
        var form = new StringBuilder();
        foreach (var field in fields.EnumerateObject())
        {
            var value = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString()!,
                JsonValueKind.Null => "",
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => field.Value.GetRawText(),
            };
            if (form.Length > 0)
                form.Append('&');
            form.Append(Uri.EscapeDataString(field.Name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return form.ToString();
    }
}
