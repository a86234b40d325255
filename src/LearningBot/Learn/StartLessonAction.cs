using LearningBot.Sellers;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Learn;

/// <summary>Start on a search result or a partner's list: that lesson goes to the seller's DM now.</summary>
internal sealed class StartLessonAction(SellerDirectory sellers, LessonRequests requests, ISlackApi slack) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(action.Value))
            return;
        var seller = await sellers.EnsureAsync(actions.UserId, cancellationToken);
        var sent = await requests.SendAsync(seller.Id, action.Value, "You started it from /learn", cancellationToken);
        if (actions.ResponseUrl is not { } responseUrl || sent is null)
            return;
        var text = sent.AlreadyHad
            ? $"You already have *{Mrkdwn.Escape(sent.Title)}* in your DMs."
            : $"On its way to your DMs: *{Mrkdwn.Escape(sent.Title)}*";
        await slack.RespondAsync(responseUrl, new SlackReply(text).ToJson(), cancellationToken);
    }
}
