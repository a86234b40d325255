using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using LearningBot.Sellers;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Learn;

/// <summary>
/// The App Home tab (app_home_opened → views.publish): lessons waiting in the DM, completed count and quiz accuracy,
/// the lessons planned before upcoming meetings, and whether lessons are paused.
/// </summary>
internal sealed class AppHome(
    NpgsqlDataSource dataSource, SellerDirectory sellers, SellerStore sellerStore, LearnQueries queries, WaitingLessons waitingLessons,
    MemoryStats memory, DeliveryReads deliveries, ISlackApi slack, TimeProvider time)
    : ISlackEventHandler
{
    public const string EventType = "app_home_opened";

    public async Task HandleAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.User is not { } userId || slackEvent.Event.TryGetProperty("tab", out var tab) && tab.GetString() != "home")
            return;
        await PublishAsync(userId, cancellationToken);
    }

    /// <summary>Publishes the seller's App Home as it is now (also after a button on it changed something).</summary>
    public async Task PublishAsync(string userId, CancellationToken cancellationToken)
    {
        var seller = await sellers.EnsureAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        var zone = SellerTimeZone.Find(seller.TimeZone);
        var stats = await queries.StatsAsync(seller.Id, now, cancellationToken);
        var waiting = await waitingLessons.OfAsync(seller.Id, cancellationToken);
        var recall = await memory.ForSellerAsync(seller.Id, now, cancellationToken);

        var upcoming = await deliveries.PlannedLessonsAsync(seller.Id, 10, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var feed = await sellerStore.FeedStatusAsync(connection, seller.Id, cancellationToken);

        var home = new HomeBuilder().Add(
            new HeaderBlock(TextObject.Plain("Your partner lessons")),
            new SectionBlock(TextObject.Markdown(
                $":white_check_mark: *{stats.Completed}* completed"
                + (stats.Accuracy is { } accuracy ? $"   :dart: *{accuracy * 100:0}%* of quiz points" : "")
                + $"   :fire: *{stats.WeekStreak}-week streak*")),
            new SectionBlock(TextObject.Markdown(seller.PausedUntil is { } paused && paused > now
                ? $":double_vertical_bar: Lessons are paused until {Local(paused, zone)}. `/learn resume` turns them back on."
                : ":arrow_forward: Lessons are on. `/learn pause 3d` gives you a break.")))
            .Add(FeedWarning(feed, zone, now))
            .Add(new DividerBlock())
            .Add(waiting.Blocking.Count > 0
                ? new SectionBlock(TextObject.Markdown($":hourglass: *Nothing new is coming:* {WaitingLessons.Explanation(waiting.Blocking.Count)}"))
                : new SectionBlock(TextObject.Markdown(waiting.All.Count == 0 ? "*In your DMs:* nothing unfinished." : "*In your DMs, not finished yet:*")))
            .Add(await waitingLessons.ListAsync(waiting.All, "waiting", cancellationToken))
            .Add(new SectionBlock(TextObject.Markdown(upcoming.Count == 0
                ? "*Coming up:* nothing planned yet."
                : waiting.Blocking.Count > 0 ? "*Coming up once you finish one:*" : "*Coming up:*")))
            .Add(upcoming.Select(l => new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                $"• {Local(l.DueAt, zone)} — *{Mrkdwn.Escape(l.Title)}*: {Mrkdwn.Escape(Why(l.Reason))}", BlockKitLimits.SectionTextMaxLength)))
            {
                BlockId = $"upcoming-{l.LessonId}",
                Accessory = new ButtonElement(TextObject.Plain("Start now"), SearchResultsCard.StartAction) { Value = l.LessonId },
            }))
            .Add(QuickChecks(recall, zone))
            .Build();
        await slack.PublishViewAsync(userId, home, hash: null, cancellationToken);
    }

    /// <summary>Quick checks planned next, and how well the seller is predicted to remember each partner's lessons now.</summary>
    private static IEnumerable<Block> QuickChecks(MemorySummary recall, TimeZoneInfo zone)
    {
        if (recall.Partners.Count == 0 && recall.Upcoming.Count == 0)
            yield break;
        yield return new DividerBlock();
        yield return new SectionBlock(TextObject.Markdown(recall.Upcoming.Count == 0
            ? ":brain: *Quick checks:* none planned yet."
            : ":brain: *Quick checks coming up:*"));
        foreach (var check in recall.Upcoming)
        {
            yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                $"• {Local(check.DueAt, zone)} — *{Mrkdwn.Escape(check.LessonTitle)}*: {Mrkdwn.Escape(Why(check.Reason))}", BlockKitLimits.SectionTextMaxLength)));
        }
        if (recall.Partners.Count > 0)
        {
            yield return new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(
                $":chart_with_upwards_trend: {recall.RecallNow()}",
                BlockKitLimits.SectionTextMaxLength))]);
        }
    }

    /// <summary>A failing calendar feed, in words the seller can act on; nothing while it works.</summary>
    private static IEnumerable<Block> FeedWarning(FeedStatus feed, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (feed.Error is not { } error)
            yield break;
        yield return new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
            $":warning: Your calendar feed is failing since {Local(feed.FailingSince ?? now, zone)}: {Mrkdwn.Escape(error)}. "
            + "Lessons are planned from the meetings it showed last.", BlockKitLimits.SectionTextMaxLength)));
    }

    /// <summary>The part of a delivery's reason a seller cares about: the meeting or campaign, not the pacing detail.</summary>
    private static string Why(string reason) => DeliveryReasons.Headline(reason);

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
}
