using System.Globalization;
using Dapper;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>One meeting-driven lesson that was sent and whose meeting has started: completed before the meeting or not.</summary>
internal sealed record JitDelivery
{
    public long DeliveryId { get; init; }
    public string LessonId { get; init; } = "";
    public long SellerId { get; init; }
    public string Seller { get; init; } = "";
    public string PartnerId { get; init; } = "";
    public string Meeting { get; init; } = "";
    public DateTimeOffset MeetingStart { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool BeforeMeeting { get; init; }
}

/// <summary>The just-in-time hit rate of one group: the share of its meeting-driven lessons completed before the meeting.</summary>
internal sealed record JitRate(string Dimension, string Group, int Hits, int Lessons)
{
    public double? Rate => Lessons == 0 ? null : (double)Hits / Lessons;
}

internal static class JustInTime
{
    public static async Task<IReadOnlyList<JitDelivery>> QueryAsync(NpgsqlConnection connection, InsightsScope scope, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<JitDelivery>(new CommandDefinition(InsightsSql.Load("jit"), scope.Parameters(), cancellationToken: cancellationToken))];

    /// <summary>Overall, then per seller, team, partner and ISO week (of the meeting's start, UTC).</summary>
    public static IReadOnlyList<JitRate> Rates(IReadOnlyList<JitDelivery> deliveries, ILookup<long, string> teams)
    {
        var rates = new List<JitRate> { Rate("overall", "all", deliveries) };
        rates.AddRange(deliveries.GroupBy(d => d.Seller, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rate("seller", g.Key, g)));
        rates.AddRange(deliveries.SelectMany(d => teams[d.SellerId].Select(team => (Team: team, Delivery: d)))
            .GroupBy(t => t.Team, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rate("team", g.Key, g.Select(t => t.Delivery))));
        rates.AddRange(deliveries.GroupBy(d => d.PartnerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rate("partner", g.Key, g)));
        rates.AddRange(deliveries.GroupBy(d => Week(d.MeetingStart), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rate("week", g.Key, g)));
        return rates;
    }

    /// <summary>"2026-W48": the ISO week of a moment in UTC.</summary>
    public static string Week(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(at.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):00}");

    private static JitRate Rate(string dimension, string group, IEnumerable<JitDelivery> deliveries)
    {
        var list = deliveries.ToList();
        return new JitRate(dimension, group, list.Count(d => d.BeforeMeeting), list.Count);
    }
}
