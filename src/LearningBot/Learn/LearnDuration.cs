using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningBot.Learn;

/// <summary>Reads "/learn pause" durations: 3d, 1w, 12h, or "until 2027-01-15" (the end of that day, seller's time).</summary>
internal static partial class LearnDuration
{
    public static DateTimeOffset? PauseEnd(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (Relative().Match(trimmed) is { Success: true } relative)
        {
            var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            return relative.Groups[2].Value switch
            {
                "h" => now.AddHours(amount),
                "d" => now.AddDays(amount),
                _ => now.AddDays(7 * amount),
            };
        }
        if (Until().Match(trimmed) is { Success: true } until
            && DateOnly.TryParseExact(until.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
        return null;
    }

    [GeneratedRegex(@"^(\d{1,3})\s*(h|d|w)$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^until\s+(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex Until();
}
