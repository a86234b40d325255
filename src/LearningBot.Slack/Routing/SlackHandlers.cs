using LearningBot.Slack.Payloads;

namespace LearningBot.Slack.Routing;

/// <summary>Handles one Events API event type (https://api.slack.com/events).</summary>
public interface ISlackEventHandler
{
    Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken);
}

/// <summary>Handles one slash command; the reply goes into the ack when quick enough, else to response_url (https://api.slack.com/interactivity/slash-commands).</summary>
public interface ISlackCommandHandler
{
    Task<SlackReply?> HandleAsync(SlackCommand command, CancellationToken cancellationToken);
}

/// <summary>Handles <c>block_actions</c> whose action_id starts with the registered prefix (https://api.slack.com/reference/interaction-payloads/block-actions).</summary>
public interface ISlackActionHandler
{
    Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken);
}

/// <summary>Handles a modal submit by callback_id; may return a <c>response_action</c> for the ack (https://api.slack.com/surfaces/modals#updating_response).</summary>
public interface ISlackViewSubmissionHandler
{
    Task<ViewSubmissionAnswer?> HandleAsync(SlackViewSubmission submission, CancellationToken cancellationToken);
}

/// <summary>
/// A modal submit whose slow work (posting, say) runs after the ack, so the modal closes at once; called when
/// <see cref="ISlackViewSubmissionHandler.HandleAsync"/> closed the modal. A failure retries the whole request.
/// </summary>
public interface ISlackViewSubmissionFollowUp
{
    Task AfterAnswerAsync(SlackViewSubmission submission, CancellationToken cancellationToken);
}
