using LearningBot.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace LearningBot.Infrastructure.Health;

/// <summary>/healthz: the process answers. /readyz: the database answers at the schema this build expects and the scheduler runs.</summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [Ready])
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
                return version == Migrator.LatestVersion
                    ? HealthCheckResult.Healthy($"schema version {version}")
                    : HealthCheckResult.Unhealthy($"schema version {version?.ToString() ?? "none"}, expected {Migrator.LatestVersion}");
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("database unreachable", e);
            }
        }
    }
}
