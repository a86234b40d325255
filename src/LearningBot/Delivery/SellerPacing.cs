using System.Text.Json;

namespace LearningBot.Delivery;

/// <summary>
/// A seller's own pacing settings (the JSON in sellers.settings) applied over the global rules. A seller may
/// move and narrow their working hours and lower the caps, never raise the caps above the global ones.
/// </summary>
internal static class SellerPacing
{
    public static PacingRules Apply(PacingRules defaults, string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
            return defaults;
        using var document = JsonDocument.Parse(settingsJson);
        var settings = document.RootElement;
        var rules = defaults;

        if (Time(settings, "workday_start") is { } start && Time(settings, "workday_end") is { } end
            && end > start && end - start >= defaults.FreeTimeAhead)
            rules = rules with { WorkdayStart = start, WorkdayEnd = end };
        if (settings.TryGetProperty("working_days", out var days) && days.ValueKind == JsonValueKind.Array)
        {
            var parsed = days.EnumerateArray()
                .Select(d => Enum.TryParse<DayOfWeek>(d.GetString(), ignoreCase: true, out var day) ? day : (DayOfWeek?)null)
                .OfType<DayOfWeek>().ToHashSet();
            if (parsed.Count > 0)
                rules = rules with { WorkingDays = parsed };
        }
        if (Count(settings, "max_lessons_per_day") is { } perDay)
            rules = rules with { MaxLessonsPerDay = Math.Clamp(perDay, 1, defaults.MaxLessonsPerDay) };
        if (Count(settings, "max_lessons_per_week") is { } perWeek)
            rules = rules with { MaxLessonsPerWeek = Math.Clamp(perWeek, rules.MaxLessonsPerDay, defaults.MaxLessonsPerWeek) };
        return rules;
    }

    private static TimeOnly? Time(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && TimeOnly.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var time)
            ? time
            : null;

    private static int? Count(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count)
            ? count
            : null;
}
