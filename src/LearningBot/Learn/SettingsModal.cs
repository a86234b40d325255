using System.Globalization;
using System.Text.Json.Nodes;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using LearningBot.Sellers;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using Microsoft.Extensions.Options;

namespace LearningBot.Learn;

/// <summary>
/// <c>/learn settings</c>: a modal for the seller's working hours, days, caps and quick checks. Sellers may only narrow the global
/// pacing rules; a wrong combination is shown under the field it concerns (<c>response_action: errors</c>).
/// </summary>
internal sealed class SettingsModal(
    SellerDirectory sellers, DeliveryPlanner planner, LearnQueries queries, WaitingLessons waiting, IOptions<PacingOptions> pacing)
    : ISlackViewSubmissionHandler
{
    public const string CallbackId = "learn-settings";
    private const string Start = "workday_start", End = "workday_end", Days = "working_days", PerDay = "max_lessons_per_day", PerWeek = "max_lessons_per_week",
        QuickChecks = "quick_checks";
    private const string Pick = "value";

    public static ModalView View(PacingRules rules, PacingRules limits, bool quickChecks)
    {
        var askAgain = Option.Plain("Ask me again about questions I missed (quick checks)", "on");
        var hours = Enumerable.Range(0, 48).Select(i => new TimeOnly(i / 2, i % 2 * 30)).ToList();
        Option Hour(TimeOnly t) => Option.Plain(t.ToString("HH:mm", CultureInfo.InvariantCulture), t.ToString("HH:mm", CultureInfo.InvariantCulture));
        Option Count(int n) => Option.Plain(n.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture));
        var days = Enum.GetValues<DayOfWeek>().Skip(1).Append(DayOfWeek.Sunday)
            .Select(d => Option.Plain(d.ToString(), d.ToString().ToLowerInvariant())).ToList();

        return new ModalBuilder("Lesson settings").CallbackId(CallbackId).Submit("Save").Close("Cancel").Add(
            new InputBlock(TextObject.Plain("Working day starts"), new StaticSelectElement(Pick)
            { Options = [.. hours.Where(h => h < new TimeOnly(14, 0)).Select(Hour)], InitialOption = Hour(rules.WorkdayStart) }) { BlockId = Start },
            new InputBlock(TextObject.Plain("Working day ends"), new StaticSelectElement(Pick)
            { Options = [.. hours.Where(h => h >= new TimeOnly(10, 0)).Select(Hour)], InitialOption = Hour(rules.WorkdayEnd) }) { BlockId = End },
            new InputBlock(TextObject.Plain("Days I work"), new CheckboxesElement(Pick, days)
            { InitialOptions = [.. days.Where(d => rules.WorkingDays.Contains(Enum.Parse<DayOfWeek>(d.Value, ignoreCase: true)))] }) { BlockId = Days },
            new InputBlock(TextObject.Plain("At most lessons a day"), new StaticSelectElement(Pick)
            { Options = [.. Enumerable.Range(1, limits.MaxLessonsPerDay).Select(Count)], InitialOption = Count(rules.MaxLessonsPerDay) }) { BlockId = PerDay },
            new InputBlock(TextObject.Plain("At most lessons a week"), new StaticSelectElement(Pick)
            { Options = [.. Enumerable.Range(1, limits.MaxLessonsPerWeek).Select(Count)], InitialOption = Count(rules.MaxLessonsPerWeek) }) { BlockId = PerWeek },
            new InputBlock(TextObject.Plain("Quick checks"), new CheckboxesElement(Pick, [askAgain])
            { InitialOptions = quickChecks ? [askAgain] : null }) { BlockId = QuickChecks, Optional = true })
            .Build();
    }

    public async Task<ViewSubmissionAnswer?> HandleAsync(SlackViewSubmission submission, CancellationToken cancellationToken)
    {
        var form = submission.State;
        var start = form.ChosenOne(Start, Pick) is { } s ? TimeOnly.ParseExact(s, "HH:mm", CultureInfo.InvariantCulture) : (TimeOnly?)null;
        var end = form.ChosenOne(End, Pick) is { } e ? TimeOnly.ParseExact(e, "HH:mm", CultureInfo.InvariantCulture) : (TimeOnly?)null;
        var days = form.Chosen(Days, Pick).Select(day => day ?? "").ToList();
        var perDay = int.TryParse(form.ChosenOne(PerDay, Pick), out var d) ? d : 0;
        var perWeek = int.TryParse(form.ChosenOne(PerWeek, Pick), out var w) ? w : 0;
        // A modal opened before the switch existed has no such field: the seller's choice stays as it was.
        bool? quickChecksChosen = form.Has(QuickChecks) ? form.Chosen(QuickChecks, Pick).Contains("on") : null;
        var limits = pacing.Value.ToRules();

        var errors = new Dictionary<string, string>();
        if (start is null || end is null || end.Value.ToTimeSpan() - start.Value.ToTimeSpan() < TimeSpan.FromHours(1))
            errors[End] = "The working day must end at least an hour after it starts.";
        if (days.Count == 0)
            errors[Days] = "Pick at least one day.";
        if (perDay < 1 || perDay > limits.MaxLessonsPerDay)
            errors[PerDay] = $"Choose between 1 and {limits.MaxLessonsPerDay}.";
        if (perWeek < Math.Max(perDay, 1) || perWeek > limits.MaxLessonsPerWeek)
            errors[PerWeek] = $"Choose at least the daily number and at most {limits.MaxLessonsPerWeek}.";
        if (errors.Count > 0)
            return ViewSubmissionAnswer.WithErrors(errors);

        var seller = await sellers.EnsureAsync(submission.UserId, cancellationToken);
        var saved = await sellers.SettingsAsync(seller.Id, cancellationToken);
        var quickChecksBefore = QuickCheckOutbox.Enabled(saved);
        var quickChecks = quickChecksChosen ?? quickChecksBefore;
        var settings = new JsonObject
        {
            [Start] = start!.Value.ToString("HH:mm", CultureInfo.InvariantCulture),
            [End] = end!.Value.ToString("HH:mm", CultureInfo.InvariantCulture),
            [Days] = new JsonArray([.. days.Select(x => (JsonNode)x)]),
            [PerDay] = perDay,
            [PerWeek] = perWeek,
            [QuickChecks] = quickChecks,
        };
        var before = SellerPacing.Apply(limits, saved);
        await sellers.SaveSettingsAsync(submission.UserId, settings.ToJsonString(), cancellationToken);
        // The new hours apply at once: the seller's lessons are placed again before the modal says what comes next.
        await planner.PlanSellerAsync(seller.Id, cancellationToken);

        var zone = SellerTimeZone.Find(seller.TimeZone);
        var next = await queries.NextPlannedAsync(seller.Id, cancellationToken);
        var blocking = (await waiting.OfAsync(seller.Id, cancellationToken)).Blocking.Count;
        var view = SettingsSaved.View(
            [.. SettingsSaved.Changes(before, SellerPacing.Apply(limits, settings.ToJsonString())),
                .. quickChecks == quickChecksBefore ? Array.Empty<string>() : [quickChecks ? "quick checks on" : "quick checks off"]],
            next is null ? null : $"*{Mrkdwn.Escape(next.Title)}*, {Local(next.DueAt, zone)} — {Mrkdwn.Escape(DeliveryReasons.Headline(next.Reason))}",
            blocking);
        return ViewSubmissionAnswer.Update(view);
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
}
