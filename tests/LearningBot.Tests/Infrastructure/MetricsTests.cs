using System.Diagnostics.Metrics;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Infrastructure.Telemetry;
using LearningBot.Quizzes;
using LearningBot.Slack;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Quizzes;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LearningBot.Tests.Infrastructure;

/// <summary>Each of our instruments moves when its event happens, watched on the bot's own meter factory.</summary>
public sealed class MetricsTests(PostgresServer server) : IAsyncLifetime
{
    private SeededBot _scenario = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _scenario = await SeededBot.StartAsync(server);

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private MetricCollector<T> Watch<T>(string meter, string instrument) where T : struct =>
        new(_scenario.Bot.Services.GetRequiredService<IMeterFactory>(), meter, instrument);

    [Fact]
    public async Task A_lesson_sent_answered_and_replanned_moves_the_outbox_slack_quiz_and_planner_instruments()
    {
        using var sends = Watch<long>(BotMetrics.MeterName, "learningbot.outbox.sends");
        using var lag = Watch<double>(BotMetrics.MeterName, "learningbot.outbox.send_lag");
        using var calls = Watch<long>(SlackTelemetry.MeterName, "learningbot.slack.api.calls");
        using var submissions = Watch<long>(BotMetrics.MeterName, "learningbot.quiz.submissions");
        using var planner = Watch<double>(BotMetrics.MeterName, "learningbot.planner.duration");
        var seller = await _scenario.AddRosterSellerAsync(_scenario.Slack.Ann);
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT @seller, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                FROM lessons l WHERE EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id)
                ORDER BY l.id LIMIT 1
                """, new { seller });
        }

        await _scenario.Bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Messages(dm.Id).Any(m => m.Metadata is not null), "the card is in the DM");
        await Eventually.TrueAsync(() => sends.GetMeasurementSnapshot().Any(m => (string?)m.Tags["outcome"] == "sent"), "the send is counted");
        Assert.NotEmpty(lag.GetMeasurementSnapshot());
        Assert.Contains(calls.GetMeasurementSnapshot(), m => (string?)m.Tags["method"] == "chat.postMessage" && (string?)m.Tags["status"] == "ok");

        var card = _scenario.Slack.Workspace.Messages(dm.Id).Last(m => m.Metadata is not null);
        var deliveryId = card.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>();
        var view = (await _scenario.Bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction,
            deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture), "lesson-actions", Cancel, QuizStates.State(view, QuizStates.RightKeys));
        await Eventually.TrueAsync(() => submissions.GetMeasurementSnapshot().Count == view.Questions.Count, "every answer is counted");
        Assert.All(submissions.GetMeasurementSnapshot(), m => Assert.Equal("correct", m.Tags["result"]));

        await _scenario.Bot.Services.GetRequiredService<DeliveryPlanner>().PlanSellerAsync(seller, Cancel);
        Assert.Contains(planner.GetMeasurementSnapshot(), m => (string?)m.Tags["scope"] == "sellers");
    }

    [Fact]
    public async Task A_429_and_a_failing_handler_move_the_rate_limit_and_handler_instruments()
    {
        using var limited = Watch<long>(SlackTelemetry.MeterName, "learningbot.slack.api.rate_limited");
        using var waited = Watch<double>(SlackTelemetry.MeterName, "learningbot.slack.api.retry_after");
        using var failures = Watch<long>(BotMetrics.MeterName, "learningbot.inbox.handler.failures");
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);

        _scenario.Slack.Faults.RateLimit("chat.postMessage", TimeSpan.FromSeconds(1));
        var (first, _) = await users.MentionAsync(_scenario.Slack.Ann, _scenario.Slack.DealRoom, "what is new?", cancellationToken: Cancel);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Replies(_scenario.Slack.DealRoom.Id, first.Ts).Count > 0, "the mention is answered after the 429");
        Assert.Equal(1, limited.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(waited.GetMeasurementSnapshot().Single().Value >= 1);

        _scenario.Slack.Faults.Error("chat.postMessage", "channel_not_found");
        await users.MentionAsync(_scenario.Slack.Ann, _scenario.Slack.DealRoom, "and now?", cancellationToken: Cancel);
        await Eventually.TrueAsync(() => failures.GetMeasurementSnapshot().Count > 0, "the failed handler is counted");
        Assert.Equal(false, failures.GetMeasurementSnapshot().Single().Tags["will_retry"]);
    }
}
