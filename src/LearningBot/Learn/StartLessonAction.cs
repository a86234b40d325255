using LearningBot.Sellers;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;

namespace LearningBot.Learn;

/// <summary>Start (or Open) on a search result, a /learn answer or App Home: that lesson goes to the seller's DM now.</summary>
internal sealed class StartLessonAction(SellerDirectory sellers, LessonRequests requests, AppHome home, ISlackApi slack) : ISlackActionHandler
{
    public async Task HandleAsync(SlackBlockActions actions, SlackAction action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(action.Value))
            return;
        var seller = await sellers.EnsureAsync(actions.UserId, cancellationToken);
        var fromHome = actions.Payload.TryGetProperty("view", out var view) && view.TryGetProperty("type", out var type) && type.GetString() == "home";
        var sent = await requests.SendAsync(seller.Id, action.Value, fromHome ? "You started it from App Home" : "You started it from /learn", cancellationToken);
        if (fromHome)
        {
            // App Home has no response_url: the lists themselves show what changed.
            await home.PublishAsync(actions.UserId, cancellationToken);
            return;
        }
        if (actions.ResponseUrl is not { } responseUrl || sent is null)
            return;
        var text = sent.AlreadyHad
            ? $"You already have *{Mrkdwn.Escape(sent.Title)}* in your DMs."
            : $"On its way to your DMs: *{Mrkdwn.Escape(sent.Title)}*";
        await slack.RespondAsync(responseUrl, new SlackReply(text).ToJson(), cancellationToken);
    }
}
