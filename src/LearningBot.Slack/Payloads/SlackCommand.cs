using Microsoft.AspNetCore.WebUtilities;

namespace LearningBot.Slack.Payloads;

/// <summary>A slash command invocation (https://api.slack.com/interactivity/slash-commands#app_command_handling).</summary>
public sealed record SlackCommand(
    string Command,
    string Text,
    string UserId,
    string? ChannelId,
    string? TeamId,
    string? ResponseUrl,
    string? TriggerId)
{
    /// <summary>Reads the form body; null when it names no command or user.</summary>
    public static SlackCommand? Parse(string body)
    {
        var form = QueryHelpers.ParseQuery(body);
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var command = Field("command");
        var user = Field("user_id");
        if (string.IsNullOrEmpty(command) || string.IsNullOrEmpty(user))
            return null;
        return new SlackCommand(command, Field("text") ?? "", user, Field("channel_id"), Field("team_id"),
            Field("response_url"), Field("trigger_id"));
    }
}
