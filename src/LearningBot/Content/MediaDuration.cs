using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningBot.Content;

/// <summary>Durations as authors write them: 2m10s, 45s, 1h5m, or clock style 2:10 and 1:02:03.</summary>
internal static partial class MediaDuration
{
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim();
        var units = Units().Match(trimmed);
        if (units.Success && trimmed.Length > 0)
            return new TimeSpan(Number(units, "h"), Number(units, "m"), Number(units, "s"));
        var clock = Clock().Match(trimmed);
        if (clock.Success)
            return new TimeSpan(Number(clock, "h"), Number(clock, "m"), Number(clock, "s"));
        return null;
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?=\d)(?:(?<h>\d{1,2})h\s*)?(?:(?<m>\d{1,3})m(?:in)?\s*)?(?:(?<s>\d{1,4})s)?$")]
    private static partial Regex Units();

    [GeneratedRegex(@"^(?:(?<h>\d{1,2}):)?(?<m>\d{1,2}):(?<s>[0-5]\d)$")]
    private static partial Regex Clock();
}
