using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LearningBot.Slack.Receiving;
using LearningBot.Slack.SocketMode;

namespace LearningBot.Slack;

/// <summary>What the Slack layer measures: how fast requests are acked, every Web API call, rate limits and Socket Mode.</summary>
public sealed class SlackTelemetry
{
    public const string MeterName = "LearningBot.Slack";
    public const string SourceName = "LearningBot.Slack";

    /// <summary>Spans of the Slack layer: verification and storing of a received request, the inbox hand-off.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    private readonly Histogram<double> ackDuration;
    private readonly Counter<long> apiCalls;
    private readonly Counter<long> rateLimited;
    private readonly Histogram<double> retryAfter;
    public SlackTelemetry(IMeterFactory meters, SocketModeStatus socketMode)
    {
        var meter = meters.Create(MeterName);
        ackDuration = meter.CreateHistogram<double>("learningbot.slack.ack.duration", "s",
            "Time from a Slack request's arrival to its ack, by endpoint and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5] });
        apiCalls = meter.CreateCounter<long>("learningbot.slack.api.calls", "{call}",
            "Slack Web API calls by method and status (ok, the Slack error code, or the HTTP status).");
        rateLimited = meter.CreateCounter<long>("learningbot.slack.api.rate_limited", "{response}",
            "429 answers from Slack's Web API, by method.");
        retryAfter = meter.CreateHistogram<double>("learningbot.slack.api.retry_after", "s",
            "Time waited because Slack answered 429 with Retry-After, by method.");
        meter.CreateObservableGauge("learningbot.slack.socket_mode.connected", () => SocketConnected(socketMode), "{connection}",
            "1 while the Socket Mode connection is open, 0 otherwise (nothing when Socket Mode is off).");
        meter.CreateObservableCounter("learningbot.slack.socket_mode.reconnects", () => socketMode.Reconnects, "{connection}",
            "Socket Mode connections opened after the first (Slack refreshes them now and then; many more mean drops).");
    }

    public const string HttpTransport = "http";
    public const string SocketModeTransport = "socket_mode";

    public void Acked(InboxKind kind, string outcome, TimeSpan elapsed, string transport = HttpTransport) =>
        ackDuration.Record(elapsed.TotalSeconds, new("endpoint", EndpointName(kind)), new("outcome", outcome), new("transport", transport));

    public void ApiCall(string method, string status) => apiCalls.Add(1, new("method", method), new("status", status));

    /// <summary>A 429; <paramref name="waited"/> is the Retry-After wait before trying again, null when the call gave up.</summary>
    public void RateLimited(string method, TimeSpan? waited)
    {
        rateLimited.Add(1, new KeyValuePair<string, object?>("method", method));
        if (waited is { } wait)
            retryAfter.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("method", method));
    }

    private static IEnumerable<Measurement<int>> SocketConnected(SocketModeStatus socketMode) =>
        socketMode.Current.State == SocketModeState.Off ? [] : [new Measurement<int>(socketMode.Current.State == SocketModeState.Connected ? 1 : 0)];

    public static string EndpointName(InboxKind kind) => kind switch
    {
        InboxKind.Event => "events",
        InboxKind.Command => "commands",
        InboxKind.Interaction => "interactions",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>The outcomes an ack is recorded with.</summary>
public static class AckOutcome
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Answered = "answered";
    public const string Rejected = "rejected";
    public const string Malformed = "malformed";
    public const string Unavailable = "unavailable";
}

public static class SlackTelemetryRegistration
{
    /// <summary>What the Slack layer's instruments need; every registration that records into them calls this.</summary>
    public static IServiceCollection AddSlackTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<SocketModeStatus>();
        services.TryAddSingleton<SlackTelemetry>();
        return services;
    }
}
