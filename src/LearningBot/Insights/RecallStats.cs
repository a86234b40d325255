using Dapper;
using LearningBot.Reinforcement;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>
/// A seller's predicted recall of one partner's questions, now and at their next meeting with that partner (FSRS), and
/// how many of those questions are due for a quick check or overdue (due for more than a week).
/// </summary>
internal sealed record RecallStats(
    long SellerId, string Seller, string PartnerId, int Questions, double RecallNow, DateTimeOffset? NextMeeting, double? RecallAtNextMeeting,
    int Due, int Overdue)
{
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromDays(7);

    private sealed record Row
    {
        public long SellerId { get; init; }
        public string Seller { get; init; } = "";
        public string PartnerId { get; init; } = "";
        public double Stability { get; init; }
        public DateTimeOffset LastReviewAt { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public DateTimeOffset? NextMeeting { get; init; }
    }

    public static async Task<IReadOnlyList<RecallStats>> QueryAsync(NpgsqlConnection connection, InsightsScope scope, Fsrs fsrs, CancellationToken cancellationToken)
    {
        var items = await connection.QueryAsync<Row>(new CommandDefinition(InsightsSql.Load("recall"), scope.Parameters(), cancellationToken: cancellationToken));
        var now = scope.Now;
        return [.. items
            .GroupBy(i => (i.SellerId, i.Seller, i.PartnerId))
            .Select(g =>
            {
                var next = g.First().NextMeeting;
                return new RecallStats(g.Key.SellerId, g.Key.Seller, g.Key.PartnerId, g.Count(),
                    g.Average(i => fsrs.Retrievability((now - i.LastReviewAt).TotalDays, i.Stability)),
                    next, next is { } at ? g.Average(i => fsrs.Retrievability((at - i.LastReviewAt).TotalDays, i.Stability)) : null,
                    g.Count(i => i.DueAt <= now && i.DueAt > now - OverdueAfter), g.Count(i => i.DueAt <= now - OverdueAfter));
            })];
    }
}
