using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>
/// /readyz's "inbox" entry: degraded (still ready, still 200) while rows have failed for good, so a probe or a dashboard sees
/// requests that were acked but never answered; never unhealthy, since the bot keeps serving new requests.
/// </summary>
internal sealed class InboxFailedRowsCheck(InboxStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            var failed = await store.CountFailedAsync(cancellationToken);
            return failed == 0
                ? HealthCheckResult.Healthy("0 failed rows")
                : HealthCheckResult.Degraded($"{failed} failed rows; 'learningbot inbox retry' puts them back");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The database check reports the outage itself.
            return HealthCheckResult.Degraded("failed rows unknown: database unreachable", e);
        }
    }
}
