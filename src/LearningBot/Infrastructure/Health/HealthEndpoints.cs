using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Slack.SocketMode;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace LearningBot.Infrastructure.Health;

/// <summary>
/// /healthz: the process answers. /readyz: the database answers at the schema this build expects (or a newer one, during a
/// rolling upgrade), the scheduler runs, and
/// Socket Mode (when used) is connected: degraded while it reconnects, unhealthy once Slack has refused it for good; and the
/// inbox has no failed rows (degraded, still ready, while it has).
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [Ready])
            .AddCheck<SocketModeReadyCheck>("socket-mode", tags: [Ready])
            .AddCheck<InboxFailedRowsCheck>("inbox", tags: [Ready])
            .AddQuartz(quartz => quartz.Tags.Add(Ready));
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReportAsync,
        });
        return endpoints;
    }

    /// <summary>{"status":"Healthy","checks":{"database":{"status":"Healthy","description":"schema version 2"},…}}</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    private sealed class DatabaseReadyCheck(Migrator migrator) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                var version = await migrator.CurrentVersionAsync(cancellationToken);
                // Migrations only add, so during a rolling upgrade the previous build keeps serving on the newer schema.
                return version switch
                {
                    { } v when v == Migrator.LatestVersion => HealthCheckResult.Healthy($"schema version {v}"),
                    { } v when v > Migrator.LatestVersion => HealthCheckResult.Healthy($"schema version {v}, newer than this build's {Migrator.LatestVersion}"),
                    _ => HealthCheckResult.Unhealthy($"schema version {version?.ToString() ?? "none"}, expected {Migrator.LatestVersion}"),
                };
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("database unreachable", e);
            }
        }
    }

    private sealed class SocketModeReadyCheck(SocketModeStatus status) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            var (state, detail) = status.Current;
            return Task.FromResult(state switch
            {
                SocketModeState.Off or SocketModeState.Connected => HealthCheckResult.Healthy(detail),
                SocketModeState.Connecting => HealthCheckResult.Degraded(detail),
                _ => HealthCheckResult.Unhealthy(detail),
            });
        }
    }
}
