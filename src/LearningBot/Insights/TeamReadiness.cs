using Dapper;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>
/// One cell of the team × partner view: first-try answers and lessons of a manager's team on one partner's lessons.
/// Cells with fewer answering sellers than Insights:MinGroupSize are folded into the team's "others" cell.
/// </summary>
internal sealed record TeamReadiness
{
    public const string Others = "others";

    public string Team { get; init; } = "";
    public string PartnerId { get; init; } = "";
    public long AnsweringSellers { get; init; }
    public long Answers { get; init; }
    public decimal ScoreSum { get; init; }
    public long RightAnswers { get; init; }
    public long Sent { get; init; }
    public long Completed { get; init; }
    public long Later { get; init; }

    public double? Accuracy => Answers == 0 ? null : (double)RightAnswers / Answers;

    public double? CompletionRate => Sent == 0 ? null : (double)Completed / Sent;

    public static async Task<IReadOnlyList<TeamReadiness>> QueryAsync(
        NpgsqlConnection connection, InsightsScope scope, int minGroupSize, CancellationToken cancellationToken)
    {
        var cells = await connection.QueryAsync<TeamReadiness>(new CommandDefinition(InsightsSql.Load("teams"), scope.Parameters(), cancellationToken: cancellationToken));
        return Fold(cells, minGroupSize);
    }

    internal static IReadOnlyList<TeamReadiness> Fold(IEnumerable<TeamReadiness> cells, int minGroupSize) =>
        [.. cells
            .GroupBy(c => (c.Team, PartnerId: c.AnsweringSellers < minGroupSize ? Others : c.PartnerId))
            .Select(g => new TeamReadiness
            {
                Team = g.Key.Team,
                PartnerId = g.Key.PartnerId,
                // Sellers in folded cells may repeat across partners: this counts seller-partner pairs.
                AnsweringSellers = g.Sum(c => c.AnsweringSellers),
                Answers = g.Sum(c => c.Answers),
                ScoreSum = g.Sum(c => c.ScoreSum),
                RightAnswers = g.Sum(c => c.RightAnswers),
                Sent = g.Sum(c => c.Sent),
                Completed = g.Sum(c => c.Completed),
                Later = g.Sum(c => c.Later),
            })
            .OrderBy(c => c.Team, StringComparer.Ordinal).ThenBy(c => c.PartnerId == Others).ThenBy(c => c.PartnerId, StringComparer.Ordinal)];
}
