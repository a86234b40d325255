using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Quizzes;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Quizzes;

/// <summary>A lesson card from the outbox to a graded card, through the real bot and the Slack emulator.</summary>
public sealed class QuizCardScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private SeededBot _scenario = null!;
    private long _seller;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _scenario = await SeededBot.StartAsync(server);
        _seller = await _scenario.AddRosterSellerAsync(_scenario.Slack.Ann);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    /// <summary>Plans a lesson with a quiz that has a pick question, due now, and runs the dispatcher.</summary>
    private async Task<(long DeliveryId, EmulatedMessage Card, LessonView View)> SendCardAsync()
    {
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT @_seller, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                FROM lessons l
                WHERE EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.kind = 'pick')
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.lesson_id = l.id)
                ORDER BY l.id LIMIT 1
                """, new { _seller });
        }
        await _scenario.Bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        // The scheduled dispatcher may have claimed the row first and still be sending it.
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Messages(dm.Id).Any(m => m.Metadata is not null), "the card is in the DM");
        var card = _scenario.Slack.Workspace.Messages(dm.Id).Last(m => m.Metadata is not null);
        var deliveryId = card.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>();
        var view = (await _scenario.Bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        return (deliveryId, card, view);
    }

    [Fact]
    public async Task A_submitted_quiz_is_graded_in_place_recorded_once_and_a_second_submit_changes_nothing()
    {
        var (deliveryId, card, view) = await SendCardAsync();
        Assert.Contains("header", card.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);
        var all = QuizStates.State(view, QuizStates.RightKeys);

        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel, all);
        await Eventually.TrueAsync(() => card.Text.Contains("quiz done", StringComparison.Ordinal), "the card shows the grade");
        var graded = card.Blocks!.ToJsonString();
        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel,
            QuizStates.State(view, q => q is QuizQuestion.Pick p ? [.. Enumerable.Range(0, p.Options.Count).Where(i => !p.CorrectIndexes.Contains(i)).Take(p.Count).Select(QuizQuestion.OptionKey)] : QuizStates.RightKeys(q)));
        await Task.Delay(1500, Cancel);

        Assert.Equal(view.Questions.Count, await _scenario.CountAsync("SELECT count(*) FROM quiz_answers WHERE delivery_id = @deliveryId", new { deliveryId }));
        Assert.Equal(view.Questions.Count, await _scenario.CountAsync("SELECT count(*) FROM quiz_answers WHERE delivery_id = @deliveryId AND score = 1", new { deliveryId }));
        Assert.Equal(1, await _scenario.CountAsync("SELECT count(*) FROM deliveries WHERE id = @deliveryId AND completed_at IS NOT NULL", new { deliveryId }));
        Assert.Contains($"{view.Questions.Count} of {view.Questions.Count}", card.Text, StringComparison.Ordinal);
        Assert.Equal(graded, card.Blocks!.ToJsonString());
        Assert.DoesNotContain(LessonCard.SubmitAction, graded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_kind_is_graded_right_partly_right_or_wrong_and_the_card_shows_it()
    {
        var (deliveryId, card, view) = await SendCardAsync();
        IReadOnlyList<string> Mixed(QuizQuestion question) => question switch
        {
            // choice wrong, pick with one wrong option, match with the first two items swapped
            QuizQuestion.Choice c => [QuizQuestion.OptionKey((c.CorrectIndex + 1) % c.Options.Count)],
            QuizQuestion.Pick p => [.. p.CorrectIndexes.Skip(1).Select(QuizQuestion.OptionKey),
                QuizQuestion.OptionKey(Enumerable.Range(0, p.Options.Count).First(i => !p.CorrectIndexes.Contains(i)))],
            QuizQuestion.Match m => [QuizQuestion.RightKey(1), QuizQuestion.RightKey(0), .. Enumerable.Range(2, m.Pairs.Count - 2).Select(QuizQuestion.RightKey)],
            _ => [],
        };

        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel,
            QuizStates.State(view, Mixed));
        await Eventually.TrueAsync(() => card.Text.Contains("quiz done", StringComparison.Ordinal), "the card shows the grade");

        await using var connection = await _scenario.Db.OpenConnectionAsync(Cancel);
        var scores = (await connection.QueryAsync<(string Kind, decimal Score)>(
            "SELECT q.kind, a.score FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE a.delivery_id = @deliveryId",
            new { deliveryId })).ToList();
        Assert.All(scores.Where(s => s.Kind == "choice"), s => Assert.Equal(0m, s.Score));
        Assert.All(scores.Where(s => s.Kind == "pick"), s => Assert.InRange(s.Score, 0.01m, 0.99m));
        Assert.All(scores.Where(s => s.Kind == "match"), s => Assert.InRange(s.Score, 0m, 0.99m));
        Assert.Contains(scores, s => s.Kind == "pick");
        var graded = card.Blocks!.ToJsonString();
        Assert.Contains("large_yellow_circle", graded, StringComparison.Ordinal);
        Assert.Contains("Right answer", graded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Picking_the_wrong_number_gets_a_nudge_records_nothing_and_a_corrected_submit_counts()
    {
        var (deliveryId, card, view) = await SendCardAsync();
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);
        var tooFew = QuizStates.State(view, q => q is QuizQuestion.Pick p ? [QuizQuestion.OptionKey(p.CorrectIndexes.First())] : QuizStates.RightKeys(q));

        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel, tooFew);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.EphemeralMessages(_scenario.Slack.Ann.Id).Any(m => m.Text.Contains("Pick exactly", StringComparison.Ordinal)),
            "the seller is nudged");
        Assert.Equal(0, await _scenario.CountAsync("SELECT count(*) FROM quiz_answers WHERE delivery_id = @deliveryId", new { deliveryId }));

        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel, QuizStates.State(view, QuizStates.RightKeys));
        await Eventually.TrueAsync(async () => await _scenario.CountAsync("SELECT count(*) FROM quiz_answers WHERE delivery_id = @deliveryId", new { deliveryId }) > 0,
            "the corrected answers are recorded");
    }

    [Fact]
    public async Task Later_saves_the_card_for_later_and_puts_the_lesson_back_in_the_outbox_for_the_next_half_day()
    {
        var (deliveryId, card, _) = await SendCardAsync();

        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.LaterAction, deliveryId.ToString(), "lesson-actions", Cancel);

        await Eventually.TrueAsync(() => card.Text.StartsWith("Saved for later", StringComparison.Ordinal), "the card says saved for later");
        Assert.Contains(LessonCard.ResumeAction, card.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var note = (string)card.Blocks![0]!["text"]!["text"]!;
        Assert.Matches(@"It comes back <!date\^\d+\^\{date_short_pretty\} at \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>, or resume it now\.$", note);
        Assert.DoesNotContain("&lt;!date", note, StringComparison.Ordinal);
        Assert.Equal(1, await _scenario.CountAsync(
            "SELECT count(*) FROM deliveries WHERE id = @deliveryId AND status = 'planned' AND snoozed_until > now()", new { deliveryId }));
    }

    [Fact]
    public async Task Resume_on_an_old_saved_card_whose_lesson_already_came_back_shows_the_lesson_there_again()
    {
        var (deliveryId, card, _) = await SendCardAsync();
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);
        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.LaterAction, deliveryId.ToString(), "lesson-actions", Cancel);
        await Eventually.TrueAsync(() => card.Text.StartsWith("Saved for later", StringComparison.Ordinal), "the card says saved for later");
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
            await connection.ExecuteAsync("UPDATE deliveries SET due_at = now() - interval '1 minute' WHERE id = @deliveryId", new { deliveryId });
        await _scenario.Bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Messages(dm.Id).Count(m => m.Metadata is not null) == 2, "the lesson came back as a new card");

        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.ResumeAction, deliveryId.ToString(), "lesson-later", Cancel);

        await Eventually.TrueAsync(() => !card.Text.StartsWith("Saved for later", StringComparison.Ordinal), "the old card shows the lesson again");
        Assert.Contains(LessonCard.SubmitAction, card.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await _scenario.CountAsync("SELECT count(*) FROM deliveries WHERE id = @deliveryId AND status = 'sent'", new { deliveryId }));
    }

    [Fact]
    public async Task Resume_on_a_saved_card_whose_lesson_was_dropped_from_the_outbox_meanwhile_brings_the_lesson_back()
    {
        var (deliveryId, card, _) = await SendCardAsync();
        var users = _scenario.Slack.UsersOf(_scenario.Bot.Address);
        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.LaterAction, deliveryId.ToString(), "lesson-actions", Cancel);
        await Eventually.TrueAsync(() => card.Text.StartsWith("Saved for later", StringComparison.Ordinal), "the card says saved for later");
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
            await connection.ExecuteAsync("UPDATE deliveries SET status = 'cancelled', reason = 'the meeting was cancelled or removed' WHERE id = @deliveryId", new { deliveryId });

        await users.ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.ResumeAction, deliveryId.ToString(), "lesson-later", Cancel);

        await Eventually.TrueAsync(() => !card.Text.StartsWith("Saved for later", StringComparison.Ordinal), "the card shows the lesson again");
        Assert.Contains(LessonCard.SubmitAction, card.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await _scenario.CountAsync(
            "SELECT count(*) FROM deliveries WHERE id = @deliveryId AND status = 'sent' AND snoozed_until IS NULL", new { deliveryId }));
    }

    [Fact]
    public async Task Read_the_whole_lesson_opens_the_body_in_a_modal_while_the_card_itself_stays_short()
    {
        var (deliveryId, card, view) = await SendCardAsync();
        static string Texts(JsonArray blocks) => string.Join('\n', blocks.Select(b => (string?)b!["text"]?["text"]));
        var firstWords = view.BodyMrkdwn.Split('\n').First(l => l.Length > 40)[..40];
        Assert.DoesNotContain(firstWords, Texts(card.Blocks!), StringComparison.Ordinal);
        Assert.Matches(@"^New lesson: .+ \(\d+ min\)$", card.Text);

        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Ann, card, LessonCard.ReadAction, deliveryId.ToString(), "lesson-read", Cancel);

        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id).Count > 0, "the whole lesson opens in a modal");
        var modal = _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id)[^1].View;
        Assert.Equal(view.Title, (string)modal["blocks"]![0]!["text"]!["text"]!);
        Assert.Contains(firstWords, Texts(modal["blocks"]!.AsArray()), StringComparison.Ordinal);
        Assert.Null(modal["submit"]);
    }

    [Fact]
    public async Task Someone_else_clicking_submit_records_nothing()
    {
        var (deliveryId, card, view) = await SendCardAsync();

        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Bob, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel, QuizStates.State(view, QuizStates.RightKeys));

        await Eventually.TrueAsync(async () => await _scenario.CountAsync(
            "SELECT count(*) FROM inbox WHERE kind = 'interaction' AND status IN ('pending', 'processing')") == 0, "the click is processed");
        Assert.Equal(0, await _scenario.CountAsync("SELECT count(*) FROM quiz_answers WHERE delivery_id = @deliveryId", new { deliveryId }));
    }

    [Fact]
    public async Task Every_seed_lesson_renders_a_card_and_a_graded_card_within_every_block_kit_limit()
    {
        List<long> deliveries;
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            deliveries = [.. await connection.QueryAsync<long>("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT @_seller, 'lesson', 'campaign', id, current_version, 'planned', now() + interval '30 days', 'render check'
                FROM lessons
                RETURNING id
                """, new { _seller })];
        }
        var cards = _scenario.Bot.Services.GetRequiredService<DeliveryCards>();

        foreach (var id in deliveries)
        {
            var view = (await cards.LoadAsync(id, Cancel))!.Value.View;
            var (text, blocks) = cards.Card(view);
            var wrong = view.Questions.ToDictionary(q => q.Id, q => new QuizAnswer(q.Id, [.. QuizStates.RightKeys(q)]));
            var graded = cards.Graded(view, AnswerGrader.Grade(view.Questions, wrong).Grades);

            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.InRange(blocks.Count, 4, 50);
            Assert.InRange(graded.Blocks.Count, 4, 50);
        }
        Assert.Equal(14, deliveries.Count);
    }
}
