using LearningBot.Slack;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LearningBot.Infrastructure.Telemetry;

/// <summary>
/// Traces and metrics the OpenTelemetry way: ours (<see cref="BotTelemetry"/>, <see cref="SlackTelemetry"/>) plus ASP.NET Core,
/// HttpClient, Npgsql, Quartz and the runtime. Exported with OTLP only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
/// otherwise spans still exist, so every log line written in a request or a job carries its trace id.
/// </summary>
internal static class TelemetryFeature
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string DefaultServiceName = "learningbot";

    // Npgsql 10 and Quartz 4 publish their own sources and meters under these names.
    private const string Npgsql = "Npgsql";
    private const string Quartz = "Quartz";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBotMetrics();
        services.AddSingleton<BacklogGauges>();
        services.AddHostedService(provider => provider.GetRequiredService<BacklogGauges>());
        services.Configure<LoggerFactoryOptions>(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // The JSON formatter writes the trace id only as a scope; the plain one stays one line per entry for people.
        services.Configure<JsonConsoleFormatterOptions>(options => options.IncludeScopes = true);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(configuration[ServiceNameVariable]))
                    resource.AddService(DefaultServiceName);
            })
            .WithTracing(tracing => tracing
                .AddSource(BotTelemetry.SourceName, SlackTelemetry.SourceName, Npgsql, Quartz)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BotMetrics.MeterName, SlackTelemetry.MeterName, Npgsql, Quartz)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrEmpty(configuration[OtlpEndpointVariable]))
            telemetry.UseOtlpExporter();
        return services;
    }

    /// <summary>Kubernetes asks these every few seconds; a span per probe would drown the traces that matter.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/startupz");
}
