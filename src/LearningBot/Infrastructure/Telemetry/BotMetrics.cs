using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LearningBot.Meetings;

namespace LearningBot.Infrastructure.Telemetry;

/// <summary>
/// The bot's own instruments (documented in docs/operations.md). Created through <see cref="IMeterFactory"/>, so each host
/// has its own and tests can watch one host's numbers with a MetricCollector.
/// </summary>
internal sealed class BotMetrics
{
    public const string MeterName = "LearningBot";

    private readonly Counter<long> handlerFailures;
    private readonly Counter<long> handlerRetries;
    private readonly Counter<long> sends;
    private readonly Histogram<double> sendLag;
    private readonly Histogram<double> plannerDuration;
    private readonly Counter<long> sellersPlanned;
    private readonly Counter<long> calendarFeedPolls;
    private readonly Counter<long> quizSubmissions;

    public BotMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        handlerFailures = Meter.CreateCounter<long>("learningbot.inbox.handler.failures", "{failure}",
            "Inbox rows whose handler threw, by kind and whether the row will be tried again.");
        handlerRetries = Meter.CreateCounter<long>("learningbot.inbox.handler.retries", "{retry}",
            "Inbox rows handled again after an earlier attempt failed, by kind.");
        sends = Meter.CreateCounter<long>("learningbot.outbox.sends", "{delivery}",
            "Deliveries the dispatcher finished, by outcome (sent, skipped, failed, reconciled, retry) and reason group.");
        sendLag = Meter.CreateHistogram<double>("learningbot.outbox.send_lag", "s",
            "How long after its due moment a delivery was sent.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });
        plannerDuration = Meter.CreateHistogram<double>("learningbot.planner.duration", "s",
            "Time of one planner run (all sellers, or the sellers a change touched).");
        sellersPlanned = Meter.CreateCounter<long>("learningbot.planner.sellers", "{seller}", "Sellers the planner planned.");
        calendarFeedPolls = Meter.CreateCounter<long>("learningbot.calendar.feed_polls", "{poll}",
            "Calendar feed polls by outcome (updated, not_modified, failed).");
        quizSubmissions = Meter.CreateCounter<long>("learningbot.quiz.submissions", "{submission}",
            "Quiz answers submitted, by question kind and result (correct, partial, wrong).");
    }

    /// <summary>The meter itself, for the observable gauges other parts register (inbox and outbox backlog).</summary>
    public Meter Meter { get; }

    public void HandlerFailed(string kind, bool willRetry) =>
        handlerFailures.Add(1, new("kind", kind), new("will_retry", willRetry));

    public void HandlerRetried(string kind) => handlerRetries.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Send(string outcome, string? reasonGroup = null) =>
        sends.Add(1, new("outcome", outcome), new("reason_group", reasonGroup ?? ""));

    public void SendLag(TimeSpan lag) => sendLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <param name="scope">"all" for the recurring full plan, "sellers" for a re-plan of the sellers a change touched.</param>
    public void Planned(string scope, int sellers, TimeSpan elapsed)
    {
        plannerDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("scope", scope));
        sellersPlanned.Add(sellers, new KeyValuePair<string, object?>("scope", scope));
    }

    public void CalendarFeedPolled(FeedPollOutcome outcome) => calendarFeedPolls.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
    {
        FeedPollOutcome.Updated => "updated",
        FeedPollOutcome.NotModified => "not_modified",
        _ => "failed",
    }));

    public void QuizSubmitted(string questionKind, string result) =>
        quizSubmissions.Add(1, new("kind", questionKind), new("result", result));
}

internal static class BotMetricsRegistration
{
    /// <summary>What a feature that records metrics needs; safe to call from every such feature.</summary>
    public static IServiceCollection AddBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<BotMetrics>();
        return services;
    }
}
