using Dapper;
using LearningBot.Delivery;
using LearningBot.Discussions;
using LearningBot.Quizzes;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Quizzes;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Reinforcement;

/// <summary>
/// A missed question comes back as a quick check, through the real bot and the Slack emulator: planned, sent as a
/// one-question card, graded in place, its review stored once.
/// </summary>
public sealed class QuickCheckScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private SeededBot _scenario = null!;
    private long _seller;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Every hour of every day is working time here, so the test does not depend on when it runs.
        var allWeek = Enum.GetNames<DayOfWeek>().Select((day, i) => new KeyValuePair<string, string>($"Pacing:WorkingDays:{i}", day));
        _scenario = await SeededBot.StartAsync(server,
            [new("Pacing:WorkdayStart", "00:00"), new("Pacing:WorkdayEnd", "23:59"), new("Reinforcement:MinGapAfterAnyMessage", "00:00:00"), .. allWeek]);
        _seller = await _scenario.AddRosterSellerAsync(_scenario.Slack.Ann);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<(long DeliveryId, EmulatedMessage Card, LessonView View)> CardInDmAsync(Func<long, bool> which)
    {
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        EmulatedMessage? card = null;
        await Eventually.TrueAsync(() => (card = _scenario.Slack.Workspace.Messages(dm.Id).LastOrDefault(m =>
            m.Metadata?["event_payload"]?["delivery_id"]?.GetValue<long>() is { } id && which(id))) is not null, "the card is in the DM");
        var deliveryId = card!.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>();
        var view = (await _scenario.Bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        return (deliveryId, card, view);
    }

    [Fact]
    public async Task A_missed_question_comes_back_as_a_one_question_card_graded_in_place_and_reviewed_once()
    {
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT @_seller, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                FROM lessons l WHERE EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.kind = 'choice')
                ORDER BY l.id LIMIT 1
                """, new { _seller });
        }
        await _scenario.Bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var (lessonId, lessonCard, lesson) = await CardInDmAsync(_ => true);
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);
        IReadOnlyList<string> Wrong(QuizQuestion q) => q switch
        {
            QuizQuestion.Choice c => [QuizQuestion.OptionKey((c.CorrectIndex + 1) % c.Options.Count)],
            QuizQuestion.Pick p => [.. Enumerable.Range(0, p.Options.Count).Where(i => !p.CorrectIndexes.Contains(i)).Take(p.Count).Select(QuizQuestion.OptionKey)],
            QuizQuestion.Match m => [.. Enumerable.Range(0, m.Pairs.Count).Select(i => QuizQuestion.RightKey((i + 1) % m.Pairs.Count))],
            _ => [],
        };
        await users.ClickButtonAsync(_scenario.Slack.Ann, lessonCard, LessonCard.SubmitAction, lessonId.ToString(), "lesson-actions", Cancel, QuizStates.State(lesson, Wrong));
        await Eventually.TrueAsync(async () => await _scenario.CountAsync("SELECT count(*) FROM memory_items WHERE seller_id = @_seller", new { _seller }) == lesson.Questions.Count,
            "every question has a memory item");

        // A day passes: the missed questions are due.
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                UPDATE memory_items SET last_review_at = last_review_at - interval '1 day', due_at = due_at - interval '1 day' WHERE seller_id = @_seller;
                UPDATE deliveries SET sent_at = sent_at - interval '1 day', completed_at = completed_at - interval '1 day' WHERE id = @lessonId;
                """, new { _seller, lessonId });
        }
        await _scenario.Bot.Services.GetRequiredService<DeliveryPlanner>().PlanSellerAsync(_seller, Cancel);
        Assert.True(await _scenario.CountAsync("SELECT count(*) FROM deliveries WHERE kind = 'quick-check' AND seller_id = @_seller AND status IN ('planned', 'sending', 'sent')",
            new { _seller }) >= 1);
        await _scenario.Bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var (checkId, checkCard, check) = await CardInDmAsync(id => id != lessonId);

        Assert.True(check.IsQuickCheck);
        var question = Assert.Single(check.Questions);
        Assert.StartsWith("Quick check: ", checkCard.Text, StringComparison.Ordinal);
        var blocks = checkCard.Blocks!.ToJsonString();
        Assert.Contains("Quick check", blocks, StringComparison.Ordinal);
        Assert.Contains("you missed this", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain(DiscussAction.ActionId, blocks, StringComparison.Ordinal);

        for (var click = 0; click < 2; click++)
            await users.ClickButtonAsync(_scenario.Slack.Ann, checkCard, LessonCard.SubmitAction, checkId.ToString(), "lesson-actions", Cancel, QuizStates.State(check, QuizStates.RightKeys));
        await Eventually.TrueAsync(() => checkCard.Text.StartsWith("Quick check done: 1 of 1 right", StringComparison.Ordinal), "the quick check is graded in place");
        await Task.Delay(1000, Cancel);

        Assert.Equal(1, await _scenario.CountAsync("SELECT count(*) FROM memory_reviews WHERE delivery_id = @checkId", new { checkId }));
        Assert.Equal(3, await _scenario.CountAsync("SELECT grade FROM memory_reviews WHERE delivery_id = @checkId", new { checkId }));
        Assert.Equal(2, await _scenario.CountAsync("SELECT reviews FROM memory_items WHERE seller_id = @_seller AND question_id = @Id", new { _seller, question.Id }));
        Assert.Contains("Re-read the lesson", checkCard.Blocks!.ToJsonString(), StringComparison.Ordinal);

        var (answer, _, _) = await users.SlashCommandAsync(_scenario.Slack.Ann, _scenario.Slack.DealRoom, "/learn", "stats", Cancel);
        var stats = answer.Body.Length > 0 ? System.Text.Json.Nodes.JsonNode.Parse(answer.Body)!.ToJsonString() : _scenario.Slack.Workspace.EphemeralMessages(_scenario.Slack.Ann.Id)[^1].Text;
        Assert.Contains("1 lesson completed", stats, StringComparison.Ordinal);
        Assert.Contains("1 answered right this month", stats, StringComparison.Ordinal);
        Assert.Matches(@"Predicted recall now: [^%]+ \d+%", stats);
    }
}
