using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;

namespace LearningBot.Learn;

/// <summary><c>/learn</c>: for now every subcommand answers with the help text (ephemeral, inline in the ack).</summary>
internal sealed class LearnCommand : ISlackCommandHandler
{
    public const string Name = "/learn";

    public Task<SlackReply?> HandleAsync(SlackCommand command, CancellationToken cancellationToken) =>
        Task.FromResult<SlackReply?>(LearnHelp.Reply());
}
