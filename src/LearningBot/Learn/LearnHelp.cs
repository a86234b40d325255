using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;

namespace LearningBot.Learn;

/// <summary>The short help text: the answer to <c>/learn help</c>, to an unknown subcommand and to a mention.</summary>
internal static class LearnHelp
{
    public static readonly string Text =
        "I send short partner lessons before your meetings. Try:\n"
        + $"• `/learn {Placeholder("words")}` to find a lesson\n"
        + "• `/learn next` for the next lesson in your plan\n"
        + $"• `/learn partner {Placeholder("name")}` for a partner's lessons, with a Start button on each\n"
        + "• `/learn stats` for the lessons you've completed and your streak\n"
        + "• `/learn pause 3d` or `/learn resume`\n"
        + "• `/learn settings` for your working hours and days, and how many lessons a day or week\n"
        + "• `/learn start` to sign up if you're not getting lessons yet\n"
        + "• `/learn help` for this text";

    /// <summary>A placeholder such as <c>&lt;words&gt;</c>, escaped so Slack shows it as typed instead of reading a link.</summary>
    public static string Placeholder(string name) => Mrkdwn.Escape($"<{name}>");

    public static SlackMessage Message() => LearnReplies.Message(Text);

    public static SlackReply Reply() => new(Message());
}
