using System.Globalization;

namespace LearningBot.Infrastructure;

/// <summary>"1 lesson", "2 lessons": every count the bot writes goes through here, so none reads "1 lessons" or "lesson(s)".</summary>
internal static class Plural
{
    public static string Count(long count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {Noun(count, one, many)}");

    /// <summary>The noun alone, for text that formats the number itself (bold, say).</summary>
    public static string Noun(long count, string one, string? many = null) => count == 1 ? one : many ?? one + "s";
}
