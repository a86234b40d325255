using System.Text.Json.Nodes;
using LearningBot.Slack.Payloads;

namespace LearningBot.Learn;

/// <summary>The short help text: the answer to <c>/learn help</c>, to an unknown subcommand and to a mention.</summary>
internal static class LearnHelp
{
    public const string Text =
        "I send short partner lessons before your meetings. Try:\n"
        + "• `/learn <words>` to find a lesson\n"
        + "• `/learn next` for the next lesson in your plan\n"
        + "• `/learn pause 3d` or `/learn resume`\n"
        + "• `/learn settings` for times and quiet hours\n"
        + "• `/learn help` for this text";

    public static JsonArray Blocks() =>
    [
        new JsonObject
        {
            ["type"] = "section",
            ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Text },
        },
    ];

    public static SlackReply Reply() => new(Text, Blocks());
}
