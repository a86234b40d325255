using Dapper;
using LearningBot.Delivery;
using LearningBot.Slack.BlockKit;
using Npgsql;

namespace LearningBot.Reinforcement;

/// <summary>What a seller's memory items say about them, for <c>/learn stats</c> and App Home.</summary>
internal sealed record MemorySummary(int Due, int RightThisMonth, IReadOnlyList<PartnerRecall> Partners, IReadOnlyList<UpcomingQuickCheck> Upcoming)
{
    /// <summary>"Predicted recall now: Northwind Data 82% · Tessera 64%", partner names escaped for mrkdwn.</summary>
    public string RecallNow() =>
        "Predicted recall now: " + string.Join(" · ", Partners.Select(p => $"{Mrkdwn.Escape(p.PartnerName)} {p.Recall * 100:0}%"));
}

/// <summary>The average predicted recall now over the seller's questions on one partner's lessons.</summary>
internal sealed record PartnerRecall(string PartnerName, double Recall, int Questions);

internal sealed record UpcomingQuickCheck(string LessonTitle, DateTimeOffset DueAt, string Reason);

internal sealed class MemoryStats(NpgsqlDataSource dataSource, DeliveryReads deliveries, Fsrs fsrs)
{
    private sealed record ItemRow(string PartnerName, double Stability, DateTimeOffset LastReviewAt, DateTimeOffset DueAt);

    public async Task<MemorySummary> ForSellerAsync(long sellerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var items = (await connection.QueryAsync<ItemRow>(new CommandDefinition("""
            SELECT coalesce(p.name, 'Other lessons') AS partner_name, m.stability, m.last_review_at, m.due_at
            FROM memory_items m
            JOIN lessons l ON l.id = m.lesson_id
            LEFT JOIN partners p ON p.id = l.partner_id
            WHERE m.seller_id = @SellerId AND m.retired_at IS NULL
            """, new { SellerId = sellerId }, cancellationToken: cancellationToken))).ToList();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var right = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(*) FROM memory_reviews WHERE seller_id = @SellerId AND grade >= 3 AND reviewed_at >= @MonthStart
            """, new { SellerId = sellerId, MonthStart = monthStart }, cancellationToken: cancellationToken));
        var upcoming = (await deliveries.PlannedQuickChecksAsync(sellerId, 5, cancellationToken))
            .Select(d => new UpcomingQuickCheck(d.Title, d.DueAt, d.Reason)).ToList();

        var partners = items
            .GroupBy(i => i.PartnerName)
            .Select(g => new PartnerRecall(g.Key, g.Average(i => fsrs.Retrievability((now - i.LastReviewAt).TotalDays, i.Stability)), g.Count()))
            .OrderBy(p => p.Recall).ThenBy(p => p.PartnerName, StringComparer.Ordinal)
            .ToList();
        return new MemorySummary(items.Count(i => i.DueAt <= now), right, partners, upcoming);
    }
}
