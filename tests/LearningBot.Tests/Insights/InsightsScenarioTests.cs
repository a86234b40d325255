using System.Text.Json;
using Dapper;
using LearningBot.CommandLine;
using SeedDirectory = LearningBot.Content.SeedDirectory;
using LearningBot.Delivery;
using LearningBot.Insights;
using LearningBot.Quizzes;
using LearningBot.Reinforcement;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Quizzes;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Insights;

/// <summary>
/// Three sellers get the same partner lesson through the real dispatcher and answer on the cards in the Slack emulator:
/// Ann all right before her meeting, Bob one choice wrong and a pick half right after his meeting began, Cleo presses
/// Later and never finishes. Mia manages Ann and Bob; Cleo reports to Ann. The figures are the ones worked out by hand below.
/// </summary>
public sealed class InsightsScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private NpgsqlDataSource _db = null!;
    private string _database = "";
    private string _directory = "";
    private EmulatedUser _cleo = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(_database);
        _slack = await EmulatorHost.StartAsync();
        _cleo = _slack.Workspace.AddUser("cleo", "cleo@example.com");
        _bot = await BotHost.StartAsync(_database, [.. _slack.BotSettings, new("Content:SeedOnStart", "true")]);
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM lessons") > 0, "the seeds are imported");
        _directory = Directory.CreateTempSubdirectory("insights-export-").FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    private async Task<List<T>> ListAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync(sql, parameters);
    }

    private sealed record Sent(long SellerId, long DeliveryId, long MeetingId, EmulatedMessage Card, LessonView View);

    /// <summary>A seller from the roster, a meeting with the partner, and the lesson sent for it through the dispatcher.</summary>
    private async Task<Sent> SendAsync(EmulatedUser user, string? manager, string lessonId, string partnerId)
    {
        var seller = await ScalarAsync<long>("""
            INSERT INTO sellers (email, slack_user_id, time_zone, registered_via, manager_email) VALUES (@Email, @Id, 'UTC', 'roster', @manager) RETURNING id
            """, new { user.Email, user.Id, manager });
        var meeting = await ScalarAsync<long>("""
            WITH m AS (
                INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
                VALUES (@seller, 'file', @uid, @title, now() + interval '2 days', now() + interval '2 days 1 hour') RETURNING id)
            INSERT INTO meeting_partners (meeting_id, partner_id, reason) SELECT id, @partnerId, 'the account is the partner''s' FROM m RETURNING meeting_id
            """, new { seller, uid = $"call-{user.Name}", title = $"Call with {user.Name}'s account", partnerId });
        // Planned as the seller's own request so the dispatcher sends it whatever the time of day; it becomes the meeting's below.
        await ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
            SELECT @seller, 'lesson', 'user', id, current_version, 'planned', now() - interval '1 minute', 'scripted' FROM lessons WHERE id = @lessonId
            """, new { seller, lessonId });
        await _bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        var dm = _slack.Workspace.DirectMessage(user);
        await Eventually.TrueAsync(() => _slack.Workspace.Messages(dm.Id).Any(m => m.Metadata is not null), $"{user.Name} has the card");
        var card = _slack.Workspace.Messages(dm.Id).Last(m => m.Metadata is not null);
        var deliveryId = card.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>();
        await ExecuteAsync("UPDATE deliveries SET trigger = 'meeting', meeting_id = @meeting WHERE id = @deliveryId", new { meeting, deliveryId });
        var view = (await _bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        return new Sent(seller, deliveryId, meeting, card, view);
    }

    private async Task SubmitAsync(EmulatedUser user, Sent sent, Func<QuizQuestion, IReadOnlyList<string>> keys)
    {
        await _slack.UsersOf(_bot.Address).ClickButtonAsync(user, sent.Card, LessonCard.SubmitAction, sent.DeliveryId.ToString(), "lesson-actions", Cancel,
            QuizStates.State(sent.View, keys));
        await Eventually.TrueAsync(async () => await ScalarAsync<bool>("SELECT completed_at IS NOT NULL FROM deliveries WHERE id = @DeliveryId", sent),
            $"{user.Name}'s answers are recorded");
    }

    private static int FirstWrong(QuizQuestion.Choice c) => c.CorrectIndex == 0 ? 1 : 0;

    private static int FirstWrong(QuizQuestion.Pick p) => Enumerable.Range(0, p.Options.Count).First(i => !p.CorrectIndexes.Contains(i));

    /// <summary>Bob: choice wrong (the first wrong option), pick with its first right option swapped for the first wrong one, match right.</summary>
    private static IReadOnlyList<string> BobsAnswers(QuizQuestion question) => question switch
    {
        QuizQuestion.Choice c => [QuizQuestion.OptionKey(FirstWrong(c))],
        QuizQuestion.Pick p => [.. p.CorrectIndexes.Order().Skip(1).Select(QuizQuestion.OptionKey), QuizQuestion.OptionKey(FirstWrong(p))],
        _ => QuizStates.RightKeys(question),
    };

    [Fact]
    public async Task A_scripted_round_of_deliveries_answers_and_meetings_gives_the_hand_computed_figures_in_the_queries_and_both_exports()
    {
        var (lessonId, partnerId) = await FindLessonAsync();
        var ann = await SendAsync(_slack.Ann, "mia@example.com", lessonId, partnerId);
        var bob = await SendAsync(_slack.Bob, "mia@example.com", lessonId, partnerId);
        var cleo = await SendAsync(_cleo, "ann@example.com", lessonId, partnerId);

        await SubmitAsync(_slack.Ann, ann, QuizStates.RightKeys);
        await SubmitAsync(_slack.Bob, bob, BobsAnswers);
        await _slack.UsersOf(_bot.Address).ClickButtonAsync(_cleo, cleo.Card, LessonCard.LaterAction, cleo.DeliveryId.ToString(), "lesson-actions", Cancel);
        await Eventually.TrueAsync(async () => await ScalarAsync<bool>("SELECT snoozed_until IS NOT NULL FROM deliveries WHERE id = @DeliveryId", cleo),
            "Cleo's lesson is saved for later");
        // The meetings begin: Ann's just after she submitted, Bob's just before he did (late), Cleo's a second ago.
        await ExecuteAsync("UPDATE meetings SET starts_at = now() - interval '1 second', ends_at = now() + interval '1 hour' WHERE id = @MeetingId", cleo);
        await ExecuteAsync("""
            UPDATE meetings m SET starts_at = d.completed_at + interval '1 millisecond', ends_at = d.completed_at + interval '1 hour'
            FROM deliveries d WHERE d.id = @DeliveryId AND m.id = d.meeting_id
            """, ann);
        await ExecuteAsync("""
            UPDATE meetings m SET starts_at = d.completed_at - interval '1 millisecond', ends_at = d.completed_at + interval '1 hour'
            FROM deliveries d WHERE d.id = @DeliveryId AND m.id = d.meeting_id
            """, bob);
        // Ann's next meeting with the partner, for predicted recall then; and one skip for Bob, from the planner's wording.
        await ExecuteAsync("""
            WITH m AS (INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
                       VALUES (@SellerId, 'file', 'ann-next', 'Follow-up', now() + interval '10 days', now() + interval '10 days 1 hour') RETURNING id)
            INSERT INTO meeting_partners (meeting_id, partner_id, reason) SELECT id, @partnerId, 'follow-up' FROM m
            """, new { ann.SellerId, partnerId });
        await ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
            SELECT @SellerId, 'lesson', 'campaign', id, current_version, 'skipped', now(),
                   'the spring campaign; skipped: the meeting at Tue 10:00 was less than 2 h away before the lesson could be sent'
            FROM lessons WHERE id = @lessonId
            """, new { bob.SellerId, lessonId });

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var filter = new InsightsFilter(today.AddDays(-13), today);
        var queries = _bot.Services.GetRequiredService<InsightsQueries>();
        var questions = ann.View.Questions;

        // Lesson funnel: 3 sent, 3 started (two answered, one Later), 2 completed, 1 Later, 1 skipped.
        var lesson = Assert.Single(await queries.LessonsAsync(filter, Cancel), r => r.LessonId == lessonId);
        Assert.Equal((3, 3, 2, 1, 1), (lesson.Sent, lesson.Started, lesson.Completed, lesson.Later, lesson.Skipped));
        Assert.Equal(1.0 / 3, lesson.LaterRate!.Value, 6);
        Assert.Equal([new SkipReason("the meeting was less than 2 h away before the lesson could be sent", 1)], lesson.SkippedReasons);
        var durations = await ListAsync<double>(
            "SELECT extract(epoch FROM completed_at - sent_at)::float8 / 60 FROM deliveries WHERE id = ANY(@ids)", new { ids = new[] { ann.DeliveryId, bob.DeliveryId } });
        Assert.Equal(durations.Average(), lesson.MedianMinutesToComplete!.Value, 6);
        var partnerRow = Assert.Single(await queries.LessonsAsync(filter, Cancel), r => r.LessonId is null && r.PartnerId == partnerId);
        Assert.Equal((3, 2), (partnerRow.Sent, partnerRow.Completed));

        // Just in time: of three started meetings only Ann's lesson was done first.
        var rates = await queries.JitRatesAsync(filter, Cancel);
        Assert.Equal((1, 3), Rate(rates, "overall", "all"));
        Assert.Equal((1, 1), Rate(rates, "seller", "ann@example.com"));
        Assert.Equal((0, 1), Rate(rates, "seller", "bob@example.com"));
        Assert.Equal((1, 3), Rate(rates, "team", "mia@example.com"));
        Assert.Equal((0, 1), Rate(rates, "team", "ann@example.com"));
        Assert.Equal((1, 3), Rate(rates, "partner", partnerId));
        Assert.Equal((1, 3), Rate(rates, "week", JustInTime.Week(TimeProvider.System.GetUtcNow().AddSeconds(-1))));

        // Questions: two first tries each; Ann is right everywhere, Bob misses the choice and half the pick.
        var stats = (await queries.QuestionsAsync(filter, Cancel)).Where(q => q.LessonId == lessonId).ToList();
        Assert.Equal(questions.Count, stats.Count);
        foreach (var (question, stat) in questions.Zip(stats))
        {
            Assert.Equal(2, stat.Answers);
            switch (question)
            {
                case QuizQuestion.Choice c:
                    Assert.Equal((1, 0.5), (stat.FirstTryCorrect, stat.Accuracy!.Value));
                    Assert.Equal(new AnswerCount(c.Options[FirstWrong(c)], 1, false), stat.MostChosenWrong);
                    Assert.Equal(c.Options.Select((o, i) => i == c.CorrectIndex || i == FirstWrong(c) ? 1L : 0L), stat.Distribution.Select(a => a.Count));
                    break;
                case QuizQuestion.Pick p:
                    Assert.Equal((1, 0.5, 0.5), (stat.FirstTryCorrect, stat.Accuracy!.Value, stat.PartialShare!.Value));
                    Assert.Equal(new AnswerCount(p.Options[FirstWrong(p)], 1, false), stat.MostChosenWrong);
                    Assert.Equal(p.CorrectIndexes.Count * 2 - 1 + 1, stat.Distribution.Sum(a => a.Count));
                    break;
                default:
                    Assert.Equal((2, 1.0), (stat.FirstTryCorrect, stat.Accuracy!.Value));
                    Assert.Null(stat.MostChosenWrong);
                    Assert.Equal(QuestionStats.EveryoneRight, stat.Flag(2));
                    break;
            }
            Assert.Null(stat.Flag(3));
        }

        // Recall: Ann and Bob each have one memory item per question, reviewed just now; Ann meets the partner again in 10 days.
        var recall = await queries.RecallAsync(filter, Cancel);
        var annRecall = Assert.Single(recall, r => r.Seller == "ann@example.com");
        Assert.Equal(questions.Count, annRecall.Questions);
        Assert.InRange(annRecall.RecallNow, 0.99, 1);
        var stabilities = await ListAsync<double>("SELECT stability FROM memory_items WHERE seller_id = @SellerId", ann);
        var fsrs = _bot.Services.GetRequiredService<Fsrs>();
        Assert.Equal(stabilities.Average(s => fsrs.Retrievability(10, s)), annRecall.RecallAtNextMeeting!.Value, 3);
        Assert.Null(Assert.Single(recall, r => r.Seller == "bob@example.com").NextMeeting);
        Assert.DoesNotContain(recall, r => r.Seller == "cleo@example.com");
        Assert.All(recall, r => Assert.Equal((0, 0), (r.Due, r.Overdue)));

        // Interruptions: Cleo snoozed her one lesson; nobody is paused, narrowed the defaults or ignored a lesson for 48 h.
        var sellers = await queries.SellersAsync(filter, Cancel);
        var cleoSignals = Assert.Single(sellers, s => s.Seller == "cleo@example.com");
        Assert.Equal((1, 0, 1, 1.0, 0), (cleoSignals.Sent, cleoSignals.Completed, cleoSignals.Later, cleoSignals.LaterRate!.Value, cleoSignals.Ignored48h));
        Assert.False(cleoSignals.SnoozeHeavy);
        Assert.All(sellers, s => Assert.Empty(s.NarrowedSettings));

        // Teams: Mia's team has two answering sellers on the partner, fewer than 3, so the cell is folded into "others".
        var teams = await queries.TeamsAsync(filter, Cancel);
        var mia = Assert.Single(teams, t => t.Team == "mia@example.com");
        Assert.Equal((TeamReadiness.Others, 2, questions.Count * 2, 3, 2, 1), (mia.PartnerId, mia.AnsweringSellers, mia.Answers, mia.Sent, mia.Completed, mia.Later));
        Assert.Equal(questions.Count * 2 - questions.Count(q => q is not QuizQuestion.Match), mia.RightAnswers);
        var annTeam = Assert.Single(teams, t => t.Team == "ann@example.com");
        Assert.Equal((0, 1, 0, 1), (annTeam.Answers, annTeam.Sent, annTeam.Completed, annTeam.Later));
        var miaOnly = await queries.JitAsync(filter with { Team = "ann@example.com" }, Cancel);
        Assert.Equal("cleo@example.com", Assert.Single(miaOnly).Seller);

        // The command-line export: the same numbers in CSV and JSON.
        var from = filter.From.ToString("yyyy-MM-dd", null);
        var to = filter.To.ToString("yyyy-MM-dd", null);
        var jitCsv = await ExportAsync("jit", "csv", from, to);
        var lines = jitCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("lesson,seller,meeting,meeting_start,sent_at,completed_at,before_meeting", lines[0]);
        Assert.Equal(["true", "false", "false"], lines.Skip(1).OrderBy(l => l.Contains("ann@", StringComparison.Ordinal) ? 0 : l.Contains("bob@", StringComparison.Ordinal) ? 1 : 2)
            .Select(l => l[(l.LastIndexOf(',') + 1)..]));
        using var questionsJson = JsonDocument.Parse(await ExportAsync("questions", "json", from, to));
        var rows = questionsJson.RootElement.EnumerateArray().Where(r => r.GetProperty("lesson").GetString() == lessonId).ToList();
        Assert.Equal(["lesson", "question", "prompt", "answers", "first_try_correct", "accuracy", "most_chosen_wrong", "most_chosen_wrong_count"],
            rows[0].EnumerateObject().Select(p => p.Name));
        foreach (var (question, row) in questions.Select((q, i) => (q, i)).Zip(rows))
        {
            Assert.Equal(question.i, row.GetProperty("question").GetInt32());
            Assert.Equal(2, row.GetProperty("answers").GetInt32());
            Assert.Equal(question.q is QuizQuestion.Match ? 1.0 : 0.5, row.GetProperty("accuracy").GetDouble());
            Assert.Equal(question.q switch { QuizQuestion.Choice c => c.Options[FirstWrong(c)], QuizQuestion.Pick p => p.Options[FirstWrong(p)], _ => null },
                row.GetProperty("most_chosen_wrong").GetString());
        }
        var lessonsCsv = (await ExportAsync("lessons", "csv", from, to)).Split("\r\n").Single(l => l.StartsWith(lessonId + ",", StringComparison.Ordinal));
        Assert.StartsWith($"{lessonId},{partnerId},3,3,2,0.6667,", lessonsCsv, StringComparison.Ordinal);
        Assert.EndsWith(",1,0.3333,1,the meeting was less than 2 h away before the lesson could be sent (1)", lessonsCsv, StringComparison.Ordinal);
        using var teamsJson = JsonDocument.Parse(await ExportAsync("teams", "json", from, to, "--team", "mia@example.com"));
        var team = Assert.Single(teamsJson.RootElement.EnumerateArray());
        Assert.Equal(("mia@example.com", "others", 3, 2), (team.GetProperty("team").GetString(), team.GetProperty("partner").GetString(),
            team.GetProperty("sent").GetInt32(), team.GetProperty("completed").GetInt32()));
        Assert.Contains("\r\ncleo@example.com,,ann@example.com,1,0,1,1,0,,,false\r\n", await ExportAsync("sellers", "csv", from, to), StringComparison.Ordinal);

        // lint --with-insights: next to the lesson file, each question's first-try accuracy and most-chosen wrong answer.
        var lint = new StringWriter();
        await LintCommand.RunWithInsightsAsync(SeedDirectory.Find(null, [AppContext.BaseDirectory])!, null,
            [$"--ConnectionStrings:LearningBot={_database}", "--Logging:LogLevel:Default=Warning"], lint, new StringWriter(), Cancel);
        var choiceIndex = questions.ToList().FindIndex(q => q is QuizQuestion.Choice);
        var choice = (QuizQuestion.Choice)questions[choiceIndex];
        Assert.Matches($@": insights: question {choiceIndex + 1}: 50% right on the first try \(1 of 2\); most chosen wrong: ""{System.Text.RegularExpressions.Regex.Escape(choice.Options[FirstWrong(choice)])}"" \(1\)",
            lint.ToString());
    }

    private static (int Hits, int Lessons) Rate(IReadOnlyList<JitRate> rates, string dimension, string group)
    {
        var rate = Assert.Single(rates, r => r.Dimension == dimension && r.Group == group);
        return (rate.Hits, rate.Lessons);
    }

    private async Task<string> ExportAsync(string table, string format, string from, string to, string? option = null, string? value = null)
    {
        var path = Path.Combine(_directory, $"{table}-{Guid.NewGuid():N}.{format}");
        var error = new StringWriter();
        var exit = await InsightsCommand.RunAsync(
            new InsightsCommand.ExportRequest(table, from, to, format, null, option == "--team" ? value : null, path),
            [$"--ConnectionStrings:LearningBot={_database}", "--Logging:LogLevel:Default=Warning"], new StringWriter(), error, Cancel);
        Assert.True(exit == 0, error.ToString());
        return await File.ReadAllTextAsync(path, Cancel);
    }

    /// <summary>A seed lesson of a partner whose quiz has a choice and a pick question.</summary>
    private async Task<(string LessonId, string PartnerId)> FindLessonAsync()
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return await connection.QuerySingleAsync<(string, string)>("""
            SELECT l.id, l.partner_id FROM lessons l
            WHERE l.partner_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.lesson_version = l.current_version AND q.kind = 'pick')
              AND EXISTS (SELECT 1 FROM quiz_questions q WHERE q.lesson_id = l.id AND q.lesson_version = l.current_version AND q.kind = 'choice')
            ORDER BY l.id LIMIT 1
            """);
    }
}
