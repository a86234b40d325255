using Dapper;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>Every insights figure for one filter, read-only: the page, the exports and the CLI all read them here.</summary>
internal sealed class InsightsQueries(NpgsqlDataSource dataSource, Fsrs fsrs, IOptions<PacingOptions> pacing, IOptions<InsightsOptions> options, TimeProvider time)
{
    public int MinGroupSize => options.Value.MinGroupSize;

    public async Task<InsightsScope> ScopeAsync(NpgsqlConnection connection, InsightsFilter filter, CancellationToken cancellationToken)
    {
        var scope = new InsightsScope(filter, null, time.GetUtcNow());
        if (filter.Team is null)
            return scope;
        var members = await connection.QueryAsync<long>(new CommandDefinition(InsightsSql.Load("team_members"), scope.Parameters(), cancellationToken: cancellationToken));
        return scope with { Sellers = [.. members] };
    }

    public Task<IReadOnlyList<LessonFunnel>> LessonsAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => LessonFunnel.QueryAsync(c, s, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JitDelivery>> JitAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => JustInTime.QueryAsync(c, s, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<JitRate>> JitRatesAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, async (c, s) => JustInTime.Rates(await JustInTime.QueryAsync(c, s, cancellationToken), await TeamsOfAsync(c, s, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<QuestionStats>> QuestionsAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => QuestionStats.QueryAsync(c, s, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<RecallStats>> RecallAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => RecallStats.QueryAsync(c, s, fsrs, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<SellerSignals>> SellersAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => SellerSignals.QueryAsync(c, s, pacing.Value.ToRules(), cancellationToken), cancellationToken);

    public Task<IReadOnlyList<TeamReadiness>> TeamsAsync(InsightsFilter filter, CancellationToken cancellationToken) =>
        RunAsync(filter, (c, s) => TeamReadiness.QueryAsync(c, s, MinGroupSize, cancellationToken), cancellationToken);

    private static async Task<ILookup<long, string>> TeamsOfAsync(NpgsqlConnection connection, InsightsScope scope, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(long SellerId, string Team)>(new CommandDefinition(InsightsSql.Load("team_map"), scope.Parameters(), cancellationToken: cancellationToken)))
            .ToLookup(r => r.SellerId, r => r.Team);

    private async Task<T> RunAsync<T>(InsightsFilter filter, Func<NpgsqlConnection, InsightsScope, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Every figure of one request reads one consistent snapshot, and nothing here may write.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET TRANSACTION READ ONLY", transaction: transaction, cancellationToken: cancellationToken));
        var scope = await ScopeAsync(connection, filter, cancellationToken);
        var result = await query(connection, scope);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
