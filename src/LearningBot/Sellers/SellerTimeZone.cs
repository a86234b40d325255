namespace LearningBot.Sellers;

/// <summary>A seller's stored IANA time zone; an id this machine does not know falls back to UTC rather than failing a send.</summary>
internal static class SellerTimeZone
{
    public static TimeZoneInfo Find(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;
}
