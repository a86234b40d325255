using System.Globalization;
using LearningBot.Delivery;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Learn;

/// <summary>What the settings modal turns into after Save: what changed, and the lesson that comes next under the new rules.</summary>
internal static class SettingsSaved
{
    public static IReadOnlyList<string> Changes(PacingRules before, PacingRules after)
    {
        var changes = new List<string>();
        if (before.WorkdayStart != after.WorkdayStart || before.WorkdayEnd != after.WorkdayEnd)
            changes.Add($"working day {Hours(after)} (was {Hours(before)})");
        if (!before.WorkingDays.SetEquals(after.WorkingDays))
            changes.Add($"days {Days(after.WorkingDays)} (was {Days(before.WorkingDays)})");
        if (before.MaxLessonsPerDay != after.MaxLessonsPerDay)
            changes.Add($"at most {Lessons(after.MaxLessonsPerDay)} a day (was {before.MaxLessonsPerDay})");
        if (before.MaxLessonsPerWeek != after.MaxLessonsPerWeek)
            changes.Add($"at most {Lessons(after.MaxLessonsPerWeek)} a week (was {before.MaxLessonsPerWeek})");
        return changes;
    }

    /// <param name="next">The next planned lesson after re-planning, its time already in the seller's zone.</param>
    /// <param name="waiting">Unfinished lessons holding back the next one (empty when none do).</param>
    public static ModalView View(IReadOnlyList<string> changes, string? next, int waiting)
    {
        var saved = changes.Count == 0 ? "*Saved:* nothing changed." : $"*Saved:* {string.Join("; ", changes)}.";
        var coming = waiting > 0
            ? $":hourglass: Nothing new is coming yet: {WaitingLessons.Explanation(waiting)}"
            : next is not null
                ? $"Your next lesson: {next}"
                : "Nothing is planned for you yet: no partner meeting in the next two weeks leaves room for a lesson under these settings.";
        return new ModalBuilder("Lesson settings").Close("Done").Add(
            new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(saved, BlockKitLimits.SectionTextMaxLength))),
            new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(coming, BlockKitLimits.SectionTextMaxLength))))
            .Build();
    }

    private static string Hours(PacingRules rules) =>
        $"{rules.WorkdayStart.ToString("HH:mm", CultureInfo.InvariantCulture)}–{rules.WorkdayEnd.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    private static string Days(IReadOnlySet<DayOfWeek> days) =>
        string.Join(", ", Enum.GetValues<DayOfWeek>().Skip(1).Append(DayOfWeek.Sunday).Where(days.Contains).Select(d => d.ToString()[..3]));

    private static string Lessons(int count) => count == 1 ? "1 lesson" : $"{count} lessons";
}
