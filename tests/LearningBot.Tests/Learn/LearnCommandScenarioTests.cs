using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Learn;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Learn;

/// <summary>/learn end to end: the real bot with the seed library, the Slack emulator as the seller's workspace.</summary>
public sealed class LearnCommandScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private SeededBot _scenario = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _scenario = await SeededBot.StartAsync(server);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task An_unknown_seller_using_learn_next_is_registered_from_slack_and_gets_a_lesson_card_in_their_dm()
    {
        var answer = await _scenario.LearnAsync(_scenario.Slack.Ann, "next");

        Assert.Contains("On its way to your DMs", answer, StringComparison.Ordinal);
        Assert.Equal(_scenario.Slack.Ann.Email.ToLowerInvariant(), await _scenario.ScalarAsync<string>("SELECT email FROM sellers WHERE slack_user_id = @Id", new { _scenario.Slack.Ann.Id }));
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        Assert.Contains(_scenario.Slack.Workspace.Messages(dm.Id), m => m.Metadata?["event_type"]?.GetValue<string>() == "learningbot_delivery");
        Assert.Equal(1, await _scenario.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE trigger = 'user' AND status = 'sent'"));
    }

    [Fact]
    public async Task Search_answers_with_why_each_lesson_matched_and_start_sends_it()
    {
        var answer = await _scenario.LearnAsync(_scenario.Slack.Bob, "region the customer never uses");

        Assert.Equal(1, await _scenario.ScalarAsync<long>("SELECT count(*) FROM sellers WHERE slack_user_id = @Id", new { _scenario.Slack.Bob.Id }));
        Assert.Contains("video transcript", answer, StringComparison.Ordinal);
        Assert.Contains(SearchResultsCard.StartAction, answer, StringComparison.Ordinal);
        var lessonId = await _scenario.ScalarAsync<string>("SELECT lesson_id FROM lesson_search WHERE transcript_text ILIKE '%never uses%'");
        Assert.Contains(lessonId, answer, StringComparison.Ordinal);

        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Bob);
        var pointer = _scenario.Slack.Workspace.Post(dm.Id, _scenario.Slack.Bob.Id, null, "search results");
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Bob, pointer, SearchResultsCard.StartAction, lessonId, "hit", Cancel);

        await Eventually.TrueAsync(async () => await _scenario.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE lesson_id = @lessonId AND status = 'sent'", new { lessonId }) == 1, "the lesson is sent");
    }

    [Fact]
    public async Task A_repeated_search_is_answered_from_memory_until_a_change_in_any_process_is_announced()
    {
        const string text = "region the customer never uses";
        await Eventually.TrueAsync(async () => await _scenario.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN search_changed'") == 1,
            "the bot listens for search changes");
        var lessonId = await _scenario.ScalarAsync<string>("SELECT lesson_id FROM lesson_search WHERE transcript_text ILIKE '%never uses%'");
        var first = await _scenario.LearnAsync(_scenario.Slack.Bob, text);

        // Without its triggers (replica role), the change sends no notice: the answer in memory stays.
        await ExecuteAsync("""
            SET session_replication_role = replica;
            UPDATE lesson_search SET title = 'Renamed without notice' WHERE lesson_id = @lessonId;
            RESET session_replication_role;
            """, new { lessonId });
        Assert.Equal(first, await _scenario.LearnAsync(_scenario.Slack.Ann, text));

        // Any statement on what search reads announces a change, as another instance or an import would.
        await ExecuteAsync("UPDATE partners SET name = name WHERE id = 'no-such-partner'");
        await Eventually.TrueAsync(async () => (await _scenario.LearnAsync(_scenario.Slack.Bob, text)).Contains("Renamed without notice", StringComparison.Ordinal),
            "the answer is computed again after the notice");
    }

    [Fact]
    public async Task Many_sellers_searching_the_same_words_at_once_all_get_the_whole_answer()
    {
        const string text = "negotiation pricing";
        var first = await _scenario.LearnAsync(_scenario.Slack.Ann, text);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => _scenario.LearnAsync(i % 2 == 0 ? _scenario.Slack.Ann : _scenario.Slack.Bob, text)));

        Assert.Contains("Lessons for", first, StringComparison.Ordinal);
        Assert.All(answers, answer => Assert.Equal(first, answer));
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await _scenario.Db.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync(sql, parameters);
    }

    [Fact]
    public async Task A_search_with_no_match_says_so_and_suggests_browsing_a_partner()
    {
        var answer = await _scenario.LearnAsync(_scenario.Slack.Bob, "zebra quantum kaleidoscope");

        Assert.Contains("No lesson matches", answer, StringComparison.Ordinal);
        Assert.Contains("/learn partner", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pause_and_resume_set_and_clear_the_sellers_pause()
    {
        var paused = await _scenario.LearnAsync(_scenario.Slack.Ann, "pause 3d");
        var until = await _scenario.ScalarAsync<DateTimeOffset>("SELECT paused_until FROM sellers WHERE slack_user_id = @Id", new { _scenario.Slack.Ann.Id });
        var wrong = await _scenario.LearnAsync(_scenario.Slack.Ann, "pause for a while");
        await _scenario.LearnAsync(_scenario.Slack.Ann, "resume");

        Assert.Contains("Paused until", paused, StringComparison.Ordinal);
        Assert.InRange(until - TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(2.9), TimeSpan.FromDays(3.1));
        Assert.Contains("/learn pause 3d", wrong, StringComparison.Ordinal);
        Assert.Equal(0, await _scenario.ScalarAsync<long>("SELECT count(*) FROM sellers WHERE slack_user_id = @Id AND paused_until IS NOT NULL", new { _scenario.Slack.Ann.Id }));
    }

    [Fact]
    public async Task Pause_until_a_past_or_far_date_is_refused_with_a_clear_answer_and_a_distant_end_shows_its_year()
    {
        var past = await _scenario.LearnAsync(_scenario.Slack.Ann, "pause until 0001-01-01");
        var far = await _scenario.LearnAsync(_scenario.Slack.Ann, "pause until 9999-12-31");
        Assert.Equal(0, await _scenario.ScalarAsync<long>("SELECT count(*) FROM sellers WHERE slack_user_id = @Id AND paused_until IS NOT NULL", new { _scenario.Slack.Ann.Id }));
        var day = TimeProvider.System.GetUtcNow().AddDays(240);
        var distant = await _scenario.LearnAsync(_scenario.Slack.Ann, $"pause until {day:yyyy-MM-dd}");

        Assert.Contains("0001-01-01 has already passed", past, StringComparison.Ordinal);
        Assert.Contains("at the latest", far, StringComparison.Ordinal);
        Assert.Contains($"Paused until", distant, StringComparison.Ordinal);
        Assert.Contains(day.AddDays(1).ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture) + " 00:00", distant, StringComparison.Ordinal);
        Assert.Equal(1, await _scenario.ScalarAsync<long>("SELECT count(*) FROM sellers WHERE slack_user_id = @Id AND paused_until IS NOT NULL", new { _scenario.Slack.Ann.Id }));
    }

    [Fact]
    public async Task Partner_lists_that_partners_lessons_and_stats_shows_the_sellers_numbers()
    {
        var partner = await _scenario.LearnAsync(_scenario.Slack.Ann, "partner northwind");
        var stats = await _scenario.LearnAsync(_scenario.Slack.Ann, "stats");

        Assert.Contains("Northwind", partner, StringComparison.Ordinal);
        Assert.Contains("What the partner does", partner, StringComparison.Ordinal);
        Assert.DoesNotContain("(what-partner-does)", partner, StringComparison.Ordinal);
        Assert.Contains("0 lessons completed", stats, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partner_offers_a_start_button_on_each_unfinished_lesson_and_it_sends_that_lesson()
    {
        var lessons = await _scenario.ScalarAsync<long>("SELECT count(*) FROM lessons WHERE partner_id = 'northwind-data' AND archived_at IS NULL");
        var answer = JsonNode.Parse(await _scenario.LearnAsync(_scenario.Slack.Ann, "partner northwind"))!;
        var buttons = answer["blocks"]!.AsArray().Select(b => b?["accessory"]).Where(a => (string?)a?["action_id"] == SearchResultsCard.StartAction).ToList();

        Assert.Equal(lessons, buttons.Count);
        Assert.True(answer["blocks"]!.AsArray().Count <= 50);
        var lessonId = (string)buttons[0]!["value"]!;
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        var pointer = _scenario.Slack.Workspace.Post(dm.Id, _scenario.Slack.Ann.Id, null, "partner list");
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).ClickButtonAsync(_scenario.Slack.Ann, pointer, SearchResultsCard.StartAction, lessonId, $"partner-{lessonId}", Cancel);
        await Eventually.TrueAsync(async () => await _scenario.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE lesson_id = @lessonId AND status = 'sent' AND reason = 'You started it from /learn'", new { lessonId }) == 1,
            "the lesson is sent");
    }

    [Fact]
    public async Task Stats_and_app_home_say_one_lesson_and_a_streak_in_words_slack_renders()
    {
        await _scenario.LearnAsync(_scenario.Slack.Ann, "start");
        await ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, completed_at)
            SELECT s.id, 'lesson', 'user', l.id, l.current_version, 'sent', now() - interval '1 hour', 'asked for it', now()
            FROM sellers s, lessons l WHERE s.slack_user_id = @Id AND l.partner_id = 'northwind-data' ORDER BY l.id LIMIT 1
            """, new { _scenario.Slack.Ann.Id });

        var stats = await _scenario.LearnAsync(_scenario.Slack.Ann, "stats");
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).SendEventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = _scenario.Slack.Ann.Id, ["channel"] = "D0HOME", ["tab"] = "home", ["event_ts"] = "1700000000.000200",
        }, cancellationToken: Cancel);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id) is not null, "the home tab is published");
        var home = _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!.View.ToJsonString();

        Assert.Contains("1 lesson completed", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("1 lessons", stats, StringComparison.Ordinal);
        Assert.Contains(":fire: 1-week streak", stats, StringComparison.Ordinal);
        Assert.Contains(":fire: *1-week streak*", home, StringComparison.Ordinal);
        Assert.DoesNotContain("*-week", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_text_shows_the_help()
    {
        Assert.Contains("/learn next", await _scenario.LearnAsync(_scenario.Slack.Ann, ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_app_home_publishes_the_sellers_progress_and_pause_state()
    {
        await _scenario.LearnAsync(_scenario.Slack.Ann, "pause 1w");

        await _scenario.Slack.UsersOf(_scenario.Bot.Address).SendEventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = _scenario.Slack.Ann.Id, ["channel"] = "D0HOME", ["tab"] = "home",
            ["event_ts"] = "1700000000.000100",
        }, cancellationToken: Cancel);

        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id) is not null, "the home tab is published");
        var home = _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!.View.ToJsonString();
        Assert.Contains("Your partner lessons", home, StringComparison.Ordinal);
        Assert.Contains("paused until", home, StringComparison.Ordinal);
        Assert.Contains("completed", home, StringComparison.Ordinal);
    }
    private Task<SlackEmulator.RecordedPost> SubmitSettingsAsync(EmulatedUser user, EmulatedView modal, JsonObject values) =>
        _scenario.Slack.UsersOf(_scenario.Bot.Address).SubmitViewAsync(user, modal, values, Cancel);

    private static JsonObject Select(string value) =>
        new() { ["value"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };

    [Fact]
    public async Task Settings_opens_a_modal_shows_errors_under_the_fields_and_saves_narrower_rules()
    {
        await _scenario.LearnAsync(_scenario.Slack.Ann, "next");
        var (_, _, _) = await _scenario.Slack.UsersOf(_scenario.Bot.Address).SlashCommandAsync(_scenario.Slack.Ann, _scenario.Slack.DealRoom, "/learn", "settings", Cancel);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id).Count > 0, "the settings modal opens");
        var modal = _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id)[^1];
        Assert.Contains("Working day starts", modal.View.ToJsonString(), StringComparison.Ordinal);

        var wrong = await SubmitSettingsAsync(_scenario.Slack.Ann, modal, new JsonObject
        {
            ["workday_start"] = Select("15:00"), ["workday_end"] = Select("14:00"),
            ["working_days"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = new JsonArray() } },
            ["max_lessons_per_day"] = Select("1"), ["max_lessons_per_week"] = Select("3"),
        });
        var text = wrong.Body;
        var errors = JsonNode.Parse(text)!;
        TestContext.Current.SendDiagnosticMessage(text);
        Assert.Equal("errors", (string)errors["response_action"]!);
        Assert.True(errors["errors"]?["workday_end"] is not null, text);
        Assert.NotNull(errors["errors"]!["working_days"]);

        var right = await SubmitSettingsAsync(_scenario.Slack.Ann, modal, new JsonObject
        {
            ["workday_start"] = Select("10:00"), ["workday_end"] = Select("16:00"),
            ["working_days"] = new JsonObject
            {
                ["value"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = new JsonArray(new JsonObject { ["value"] = "tuesday" }, new JsonObject { ["value"] = "thursday" }) },
            },
            ["max_lessons_per_day"] = Select("1"), ["max_lessons_per_week"] = Select("2"),
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, right.Status);
        await Eventually.TrueAsync(async () => (await _scenario.ScalarAsync<string>(
            "SELECT settings::text FROM sellers WHERE slack_user_id = @Id", new { _scenario.Slack.Ann.Id })).Contains("thursday", StringComparison.Ordinal),
            "the settings are saved");
        var saved = await _scenario.ScalarAsync<string>("SELECT settings::text FROM sellers WHERE slack_user_id = @Id", new { _scenario.Slack.Ann.Id });
        Assert.Contains("\"workday_start\": \"10:00\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"max_lessons_per_week\": 2", saved, StringComparison.Ordinal);
    }
}
