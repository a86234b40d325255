using Dapper;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>One lesson's funnel (or, with <see cref="LessonId"/> null, a partner's): sent, started, completed, Later and skips.</summary>
internal sealed record LessonFunnel
{
    public string? LessonId { get; init; }
    public string PartnerId { get; init; } = "";
    public long Sent { get; init; }
    public long Started { get; init; }
    public long Completed { get; init; }
    public double? MedianMinutesToComplete { get; init; }
    public long Later { get; init; }
    public long Skipped { get; init; }
    public IReadOnlyList<SkipReason> SkippedReasons { get; init; } = [];

    public double? LaterRate => Sent == 0 ? null : (double)Later / Sent;

    public double? CompletionRate => Sent == 0 ? null : (double)Completed / Sent;

    /// <summary>Lesson rows and partner rows (lesson null), each with its skip reasons grouped.</summary>
    public static async Task<IReadOnlyList<LessonFunnel>> QueryAsync(NpgsqlConnection connection, InsightsScope scope, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<LessonFunnel>(new CommandDefinition(InsightsSql.Load("lessons"), scope.Parameters(), cancellationToken: cancellationToken));
        var reasons = (await connection.QueryAsync<(string LessonId, string Reason, long Skipped)>(new CommandDefinition(
            InsightsSql.Load("skip_reasons"), scope.Parameters(), cancellationToken: cancellationToken))).ToList();
        var lessonPartner = rows.Where(r => r.LessonId is not null).ToDictionary(r => r.LessonId!, r => r.PartnerId, StringComparer.Ordinal);
        return [.. rows.Select(row => row with
        {
            SkippedReasons = [.. reasons
                .Where(r => row.LessonId is null ? lessonPartner.GetValueOrDefault(r.LessonId) == row.PartnerId : r.LessonId == row.LessonId)
                .GroupBy(r => r.Reason, StringComparer.Ordinal)
                .Select(g => new SkipReason(g.Key, g.Sum(r => r.Skipped)))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)],
        })];
    }
}

internal sealed record SkipReason(string Reason, long Count);
