using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningBot.Learn;

/// <summary>A pause a seller asked for: when it ends, or why it cannot be set.</summary>
internal sealed record PauseRequest(DateTimeOffset? Until, string? Problem);

/// <summary>Reads "/learn pause" durations: 3d, 1w, 12h, or "until 2027-01-15" (the end of that day, seller's time).</summary>
internal static partial class LearnDuration
{
    /// <summary>
    /// The pause asked for, refused when it ends in the past or later than <paramref name="maxPause"/> from now (a date on that
    /// last day still counts); null when the text is no duration at all. Dates are compared before any arithmetic, so no
    /// year is too large.
    /// </summary>
    public static PauseRequest? Pause(string text, DateTimeOffset now, TimeZoneInfo zone, TimeSpan maxPause)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var latest = now + maxPause;
        if (Relative().Match(trimmed) is { Success: true } relative)
        {
            var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            if (amount == 0)
                return null;
            var until = relative.Groups[2].Value switch
            {
                "h" => now.AddHours(amount),
                "d" => now.AddDays(amount),
                _ => now.AddDays(7 * amount),
            };
            return until > latest ? TooLong(latest, zone) : new PauseRequest(until, null);
        }
        if (Until().Match(trimmed) is { Success: true } match
            && DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (day < DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime))
                return new PauseRequest(null, $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} has already passed. Pick a day from today on, e.g. `/learn pause until {Example(now, zone)}`.");
            if (day > DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(latest, zone).DateTime))
                return TooLong(latest, zone);
            var local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            return new PauseRequest(new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime(), null);
        }
        return null;
    }

    /// <summary>When a pause ends, in the seller's zone; with the year once it is more than six months away.</summary>
    public static string Describe(DateTimeOffset until, DateTimeOffset now, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(until, zone).ToString(
            until - now > TimeSpan.FromDays(182) ? "ddd d MMM yyyy HH:mm" : "ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    private static PauseRequest TooLong(DateTimeOffset latest, TimeZoneInfo zone) =>
        new(null, $"I can pause lessons until {TimeZoneInfo.ConvertTime(latest, zone).ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)} at the latest. "
            + "Pick an earlier day, or `/learn pause` again when this one ends.");

    private static string Example(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d{1,3})\s*(h|d|w)$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^until\s+(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex Until();
}
