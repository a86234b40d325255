using System.Text.Json.Nodes;

namespace LearningBot.Slack.Payloads;

/// <summary>A message sent as a slash command's ack or to a response_url (https://api.slack.com/interactivity/handling#message_responses).</summary>
/// <param name="Blocks">Block Kit blocks; <see cref="Text"/> stays the notification fallback.</param>
/// <param name="InChannel">Visible to everyone in the channel instead of only the invoker.</param>
/// <param name="ReplaceOriginal">For response_url posts from a message action: replace that message (always sent explicitly).</param>
public sealed record SlackReply(string Text, JsonArray? Blocks = null, bool InChannel = false, bool ReplaceOriginal = false)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["response_type"] = InChannel ? "in_channel" : "ephemeral",
            ["text"] = Text,
            ["replace_original"] = ReplaceOriginal,
        };
        if (Blocks is not null)
            json["blocks"] = Blocks.DeepClone();
        return json;
    }
}
