using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;

namespace LearningBot.Slack.Payloads;

/// <summary>A message sent as a slash command's ack or to a response_url (https://api.slack.com/interactivity/handling#message_responses).</summary>
/// <param name="Message">Built with <see cref="MessageBuilder"/>; its text stays the notification fallback.</param>
/// <param name="InChannel">Visible to everyone in the channel instead of only the invoker.</param>
/// <param name="ReplaceOriginal">For response_url posts from a message action: replace that message (always sent explicitly).</param>
public sealed record SlackReply(SlackMessage Message, bool InChannel = false, bool ReplaceOriginal = false)
{
    /// <summary>A reply of text alone, without blocks.</summary>
    public SlackReply(string text)
        : this(MessageBuilder.TextOnly(text))
    {
    }

    public string Text => Message.Text;

    /// <summary>The reply as the body Slack takes, serialised once.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(
        new ReplyBody(InChannel ? "in_channel" : "ephemeral", Message.Text, ReplaceOriginal, Message.Blocks.Count > 0 ? Message.Blocks : null),
        WebApiJsonContext.Default.ReplyBody)!.AsObject();
}
