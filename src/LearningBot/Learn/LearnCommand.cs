using System.Globalization;
using System.Text;
using LearningBot.Delivery;
using LearningBot.Infrastructure;
using LearningBot.Discussions;
using LearningBot.Search;
using LearningBot.Reinforcement;
using LearningBot.Sellers;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace LearningBot.Learn;

/// <summary>
/// <c>/learn</c>: next, partner, stats, settings, pause, resume, start, help; any other text is a search; no text is help.
/// A seller the bot does not know yet is registered on the fly from their Slack profile.
/// </summary>
internal sealed class LearnCommand(
    SellerDirectory sellers, LessonRequests requests, LessonSearch search, SearchAnswerCache<SlackReply> answers, DiscussionStore discussions,
    LearnQueries queries, WaitingLessons waiting, MemoryStats memory, ISlackApi slack, IOptions<PacingOptions> pacing, TimeProvider time) : ISlackCommandHandler
{
    public const string Name = "/learn";

    public async Task<SlackReply?> HandleAsync(SlackCommand command, CancellationToken cancellationToken)
    {
        var text = command.Text.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : text[(space + 1)..].Trim();
        if (verb is "" or "help")
            return LearnHelp.Reply();

        // Every verb works on the seller's row (registering someone new); a search does not need it.
        Task<Seller> SellerAsync() => sellers.EnsureAsync(command.UserId, cancellationToken);
        switch (verb)
        {
            case "start":
                await SellerAsync();
                return LearnReplies.Text("You're in. I'll send a short lesson before meetings where a partner comes up. `/learn help` shows what else I can do.");
            case "next":
                var learner = await SellerAsync();
                var next = await requests.NextAsync(learner.Id, cancellationToken);
                return await WithWaitingAsync(learner.Id, next is null
                    ? "You've had every lesson there is for now. :tada:"
                    : $"On its way to your DMs: *{Mrkdwn.Escape(next.Title)}*", cancellationToken);
            case "pause":
                var seller = await SellerAsync();
                var zone = SellerTimeZone.Find(seller.TimeZone);
                var now = time.GetUtcNow();
                var pause = LearnDuration.Pause(rest, now, zone, pacing.Value.MaxPause);
                if (pause is null)
                    return LearnReplies.Text("Say how long: `/learn pause 3d`, `/learn pause 1w` or `/learn pause until 2027-01-15`.");
                if (pause.Until is not { } until)
                    return LearnReplies.Text(pause.Problem!);
                await sellers.SetPauseAsync(seller.Id, until, cancellationToken);
                return LearnReplies.Text($"Paused until {LearnDuration.Describe(until, now, zone)}. `/learn resume` brings lessons back sooner.");
            case "resume":
                await sellers.SetPauseAsync((await SellerAsync()).Id, null, cancellationToken);
                return LearnReplies.Text("Lessons are back on. I'll pick a good moment before your next partner meeting.");
            case "partner" when rest.Length > 0:
                return PartnerReply(rest, await queries.PartnerLessonsAsync((await SellerAsync()).Id, rest, cancellationToken));
            case "settings":
                var asking = await SellerAsync();
                if (command.TriggerId is not { } trigger)
                    return LearnHelp.Reply();
                var limits = pacing.Value.ToRules();
                var saved = await sellers.SettingsAsync(asking.Id, cancellationToken);
                await slack.OpenViewAsync(trigger, SettingsModal.View(SellerPacing.Apply(limits, saved), limits, QuickCheckOutbox.Enabled(saved)), cancellationToken);
                return null;
            case "stats":
            {
                var me = await SellerAsync();
                return StatsReply(await queries.StatsAsync(me.Id, time.GetUtcNow(), cancellationToken),
                    await memory.ForSellerAsync(me.Id, time.GetUtcNow(), cancellationToken));
            }
            default:
                return await SearchAsync(command.UserId, text, cancellationToken);
        }
    }

    /// <summary>
    /// The answer, and when unfinished lessons hold back the ones planned for the seller's meetings, why nothing else
    /// is coming with a button to each of them (the lesson just asked for does not count: the seller chose it).
    /// </summary>
    private async Task<SlackReply> WithWaitingAsync(long sellerId, string answer, CancellationToken cancellationToken)
    {
        var state = await waiting.OfAsync(sellerId, cancellationToken);
        if (state.Blocking.Count == 0)
            return LearnReplies.Text(answer);
        var message = new MessageBuilder($"{answer} {WaitingLessons.Explanation(state.Blocking.Count)}")
            .Add(new SectionBlock(TextObject.Markdown(answer)),
                new SectionBlock(TextObject.Markdown($":hourglass: *Nothing else is coming before your meetings:* {WaitingLessons.Explanation(state.Blocking.Count)}")))
            .Add(await waiting.ListAsync(state.Blocking, "waiting", cancellationToken))
            .Build();
        return new SlackReply(message);
    }

    /// <summary>A search answer is the same for every seller, so the same words typed again reuse it until the index changes.</summary>
    private async Task<SlackReply> SearchAsync(string slackUserId, string text, CancellationToken cancellationToken)
    {
        await sellers.EnsureRegisteredAsync(slackUserId, cancellationToken);
        // Typed replies are immutable, so one answer can serve every request that asks the same.
        return await answers.GetOrComputeAsync(text, async ct =>
        {
            var hits = await search.SearchAsync(text, 5, ct);
            return SearchResultsCard.Reply(text, hits, await discussions.SizesAsync([.. hits.Select(h => h.LessonId)], ct));
        }, cancellationToken);
    }

    /// <summary>At most this many lessons are listed, so the answer stays within Slack's 50 blocks.</summary>
    internal const int PartnerLessonsShown = 40;

    internal static SlackReply PartnerReply(string name, IReadOnlyList<LearnQueries.PartnerLesson> lessons)
    {
        if (lessons.Count == 0)
            return LearnReplies.Text($"I don't know a partner called “{Mrkdwn.Escape(name)}”.");
        var blocks = new List<Block> { new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
            $"*{Mrkdwn.Escape(lessons[0].PartnerName)}*: {Plural.Count(lessons.Count, "lesson")}", BlockKitLimits.SectionTextMaxLength))) };
        foreach (var lesson in lessons.Take(PartnerLessonsShown))
        {
            var mark = lesson.CompletedAt is not null ? ":white_check_mark:"
                : lesson.Status == DeliveryStatus.Sent ? ":envelope:"
                : lesson.Status == DeliveryStatus.Planned || lesson.Status == DeliveryStatus.Sending ? ":hourglass_flowing_sand:"
                : ":white_circle:";
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(
                $"{mark} *{Mrkdwn.Escape(lesson.Title)}*\n{ObjectiveLabels.Label(lesson.ObjectiveKind)}", BlockKitLimits.SectionTextMaxLength)))
            {
                BlockId = $"partner-{lesson.LessonId}",
                Accessory = lesson.CompletedAt is null
                    ? new ButtonElement(TextObject.Plain("Start"), SearchResultsCard.StartAction) { Value = lesson.LessonId }
                    : null,
            });
        }
        if (lessons.Count > PartnerLessonsShown)
            blocks.Add(new ContextBlock([TextObject.Markdown($"and {Plural.Count(lessons.Count - PartnerLessonsShown, "more lesson")}: "
                + $"`/learn {LearnHelp.Placeholder("words")}` finds any of them")]));
        blocks.Add(new ContextBlock([TextObject.Markdown(
            ":white_check_mark: done   :envelope: in your DMs   :hourglass_flowing_sand: planned   :white_circle: not yet")]));
        return new SlackReply(new MessageBuilder($"{lessons[0].PartnerName}: {Plural.Count(lessons.Count, "lesson")}").Add(blocks).Build());
    }

    private static SlackReply StatsReply(LearnQueries.Stats stats, MemorySummary memory) => LearnReplies.Text(
        $"*Your learning*\n:white_check_mark: {Plural.Count(stats.Completed, "lesson")} completed"
        + (stats.Accuracy is { } accuracy ? $"\n:dart: {accuracy * 100:0}% of quiz points" : "")
        + $"\n:fire: {stats.WeekStreak}-week streak"
        + (stats.Unfinished > 0 ? $"\n:envelope: {Plural.Count(stats.Unfinished, "lesson")} waiting in your DMs" : "")
        + (memory.Partners.Count > 0
            ? $"\n:brain: {Plural.Count(memory.Due, "question")} due for a quick check · {memory.RightThisMonth} answered right this month"
                + $"\n:chart_with_upwards_trend: {memory.RecallNow()}"
            : ""));
}
