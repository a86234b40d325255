using System.Diagnostics;
using System.Net;
using Dapper;
using LearningBot.Infrastructure.Telemetry;
using LearningBot.Slack;
using LearningBot.Slack.Receiving;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;
using OpenTelemetry.Trace;

namespace LearningBot.Tests.Infrastructure;

public sealed class TelemetryTests(PostgresServer server) : IAsyncLifetime
{
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private string _database = "";
    private readonly List<Activity> _spans = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync();
        _database = await server.CreateDatabaseAsync();
        _bot = await BotHost.StartAsync(_database, _slack.BotSettings,
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private static string EventBody(string eventId) =>
        $$$"""{"type":"event_callback","team_id":"T0SANDBOX","event_id":"{{{eventId}}}","event_time":1,"event":{"type":"reaction_added","user":"U1","reaction":"thumbsup","event_ts":"1.000001"}}""";

    private Task<HttpResponseMessage> SendEventAsync(string eventId) =>
        _slack.UsersOf(_bot.Address).SendSignedAsync(SlackEndpoints.EventsPath, "application/json", EventBody(eventId), cancellationToken: Cancel);

    [Fact]
    public async Task A_Slack_request_is_one_trace_from_the_request_through_verification_and_the_inbox_row_to_its_handler()
    {
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendEventAsync("Ev0TRACE0001"));

        Activity? RequestSpan() =>
            Snapshot().FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == SlackEndpoints.EventsPath);
        await Eventually.TrueAsync(() => RequestSpan() is not null, "the request's server span is exported");
        var request = RequestSpan()!;
        var inTrace = Snapshot().Where(s => s.TraceId == request.TraceId).ToList();
        var verify = Assert.Single(inTrace, s => s.OperationName == "slack.verify");
        var store = Assert.Single(inTrace, s => s.OperationName == "inbox.store");
        Assert.Equal(request.SpanId, verify.ParentSpanId);
        Assert.Equal(request.SpanId, store.ParentSpanId);
        Assert.Equal("events", store.GetTagItem("slack.request.kind"));

        // The background loop handles the row later, still in the request's trace, under the span that stored it.
        await Eventually.TrueAsync(() => Snapshot().Any(s => s.TraceId == request.TraceId && s.OperationName == "inbox.handle"), "the row's handling is traced");
        var handle = Snapshot().Single(s => s.TraceId == request.TraceId && s.OperationName == "inbox.handle");
        Assert.Equal(store.SpanId, handle.ParentSpanId);
        Assert.Contains(handle.Links, l => l.Context.SpanId == store.SpanId);
    }

    [Fact]
    public async Task Ack_duration_is_recorded_per_endpoint_and_outcome()
    {
        var factory = _bot.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var acks = new MetricCollector<double>(factory, SlackTelemetry.MeterName, "learningbot.slack.ack.duration");

        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendEventAsync("Ev0METRIC001"));
        await HttpAssert.StatusAsync(HttpStatusCode.OK, await SendEventAsync("Ev0METRIC001"));
        await HttpAssert.StatusAsync(HttpStatusCode.Unauthorized, await _slack.UsersOf(_bot.Address).SendSignedAsync(
            SlackEndpoints.EventsPath, "application/json", EventBody("Ev0METRIC002"), signature: "v0=" + new string('0', 64), cancellationToken: Cancel));

        var recorded = acks.GetMeasurementSnapshot();
        Assert.Equal(["stored", "duplicate", "rejected"], recorded.Select(m => (string)m.Tags["outcome"]!));
        Assert.All(recorded, m => Assert.Equal("events", m.Tags["endpoint"]));
        Assert.All(recorded, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task Backlog_gauges_report_waiting_inbox_rows_and_due_deliveries_from_the_last_sample()
    {
        var factory = _bot.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var depth = new MetricCollector<long>(factory, BotMetrics.MeterName, "learningbot.inbox.depth");
        using var failed = new MetricCollector<long>(factory, BotMetrics.MeterName, "learningbot.inbox.failed");
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.ExecuteAsync("""
                INSERT INTO inbox (kind, dedupe_key, content_type, body, status, received_at, locked_until)
                VALUES ('event', 'event:Ev0WAIT1', 'application/json', '{}', 'processing', now() - interval '3 minutes', now() + interval '1 hour'),
                       ('event', 'event:Ev0WAIT2', 'application/json', '{}', 'failed', now() - interval '1 hour', NULL)
                """);
        }

        await _bot.Services.GetRequiredService<BacklogGauges>().SampleAsync(Cancel);
        depth.RecordObservableInstruments();
        failed.RecordObservableInstruments();

        Assert.True(depth.LastMeasurement!.Value >= 1);
        Assert.Equal(1, failed.LastMeasurement!.Value);
    }

    private List<Activity> Snapshot()
    {
        lock (_spans)
            return [.. _spans];
    }
}
