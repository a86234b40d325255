using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Learn;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Learn;

/// <summary>
/// Why nothing is coming, and settings that take effect at once: the real bot with the seed library, the Slack emulator
/// as the seller's workspace.
/// </summary>
public sealed class WaitingLessonsScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private NpgsqlDataSource _db = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var database = await server.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(database);
        _slack = await EmulatorHost.StartAsync();
        _bot = await BotHost.StartAsync(database, [.. _slack.BotSettings, new("Content:SeedOnStart", "true")]);
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM lesson_search") > 0, "the seeds are imported and indexed");
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    private async Task<string> LearnAsync(EmulatedUser user, string text)
    {
        var before = _slack.Workspace.EphemeralMessages(user.Id).Count;
        var (delivery, _, _) = await _slack.UsersOf(_bot.Address).SlashCommandAsync(user, _slack.DealRoom, "/learn", text, Cancel);
        if (delivery.Body.Length > 0)
            return JsonNode.Parse(delivery.Body)!.ToJsonString();
        await Eventually.TrueAsync(() => _slack.Workspace.EphemeralMessages(user.Id).Count > before, $"/learn {text} is answered");
        var message = _slack.Workspace.EphemeralMessages(user.Id)[^1];
        return message.Text + (message.Blocks?.ToJsonString() ?? "");
    }

    /// <summary>Two lessons the bot sent (a meeting's and a campaign's), in Ann's DM and not finished.</summary>
    private async Task<string[]> TwoUnfinishedLessonsAsync()
    {
        await LearnAsync(_slack.Ann, "start");
        var dm = _slack.Workspace.DirectMessage(_slack.Ann);
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        var lessons = (await connection.QueryAsync<string>("SELECT id FROM lessons WHERE partner_id IS NOT NULL ORDER BY id LIMIT 2")).ToArray();
        foreach (var (lesson, trigger) in lessons.Zip(["meeting", "campaign"]))
        {
            var card = _slack.Workspace.Post(dm.Id, null, _slack.Workspace.Bot.Id, $"card {lesson}");
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, sent_at, slack_channel, slack_ts, reason)
                SELECT s.id, 'lesson', @trigger, l.id, l.current_version, 'sent', now() - interval '1 day', now() - interval '1 day', @channel, @ts, 'test'
                FROM sellers s, lessons l WHERE s.slack_user_id = @user AND l.id = @lesson
                """, new { trigger, lesson, channel = dm.Id, ts = card.Ts, user = _slack.Ann.Id });
        }
        return lessons;
    }

    private async Task<JsonObject> OpenHomeAsync(int publishedBefore = 0)
    {
        await _slack.UsersOf(_bot.Address).SendEventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = _slack.Ann.Id, ["channel"] = "D0HOME", ["tab"] = "home", ["event_ts"] = "1700000000.000100",
        }, cancellationToken: Cancel);
        await Eventually.TrueAsync(() => _slack.Workspace.HomeView(_slack.Ann.Id) is not null, "the home tab is published");
        return _slack.Workspace.HomeView(_slack.Ann.Id)!.View;
    }

    [Fact]
    public async Task Learn_next_says_which_unfinished_lessons_hold_back_the_next_one_and_the_lesson_pulled_does_not_count()
    {
        var waiting = await TwoUnfinishedLessonsAsync();

        var first = await LearnAsync(_slack.Ann, "next");
        var second = await LearnAsync(_slack.Ann, "next");

        foreach (var answer in new[] { first, second })
        {
            Assert.Contains("On its way to your DMs", answer, StringComparison.Ordinal);
            Assert.Contains("2 lessons are waiting for you: finish one and the next comes.", answer, StringComparison.Ordinal);
            Assert.Contains(SearchResultsCard.StartAction, answer, StringComparison.Ordinal);
            Assert.All(waiting, lesson => Assert.Contains($"\"value\":\"{lesson}\"", answer, StringComparison.Ordinal));
            Assert.Contains("https://sandbox.slack.test/archives/", answer, StringComparison.Ordinal);
        }
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE trigger = 'user' AND status = 'sent'"));
    }

    [Fact]
    public async Task App_home_says_why_nothing_is_coming_and_its_lists_have_buttons_and_start_now_sends_a_planned_lesson()
    {
        var waiting = await TwoUnfinishedLessonsAsync();
        var planned = await ScalarAsync<string>("SELECT id FROM lessons WHERE partner_id IS NOT NULL ORDER BY id OFFSET 2 LIMIT 1");
        await using (var connection = await _db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT s.id, 'lesson', 'evergreen', l.id, l.current_version, 'planned', now() + interval '3 days', 'Nothing for 7 days; planned for later'
                FROM sellers s, lessons l WHERE s.slack_user_id = @user AND l.id = @planned
                """, new { planned, user = _slack.Ann.Id });
        }

        var home = (await OpenHomeAsync()).ToJsonString();

        Assert.Contains("*Nothing new is coming:* 2 lessons are waiting for you: finish one and the next comes.", home, StringComparison.Ordinal);
        Assert.All(waiting, lesson => Assert.Contains($"\"block_id\":\"waiting-{lesson}\"", home, StringComparison.Ordinal));
        Assert.Contains("\"text\":\"Open\"", home, StringComparison.Ordinal);
        Assert.Contains($"\"block_id\":\"upcoming-{planned}\"", home, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Start now\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing planned yet", home, StringComparison.Ordinal);

        var view = _slack.Workspace.HomeView(_slack.Ann.Id)!;
        await new ClientActions(_slack.Server, _slack.UsersOf(_bot.Address)).ActAsync(_slack.Ann, new ActionSource(null, null, view.Id), new JsonObject
        {
            ["type"] = "button", ["action_id"] = SearchResultsCard.StartAction, ["block_id"] = $"upcoming-{planned}", ["value"] = planned,
        }, null, Cancel);

        await Eventually.TrueAsync(async () => await ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE lesson_id = @planned AND trigger = 'user' AND status = 'sent'", new { planned }) == 1, "the lesson is sent now");
        await Eventually.TrueAsync(() => !_slack.Workspace.HomeView(_slack.Ann.Id)!.View.ToJsonString().Contains($"upcoming-{planned}", StringComparison.Ordinal),
            "App Home is published again without it under Coming up");
        Assert.Contains($"\"block_id\":\"waiting-{planned}\"", _slack.Workspace.HomeView(_slack.Ann.Id)!.View.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject Select(string value) =>
        new() { ["value"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };

    [Fact]
    public async Task Saving_settings_re_plans_the_seller_at_once_and_the_modal_says_what_changed_and_what_comes_next()
    {
        await LearnAsync(_slack.Ann, "start");
        await _slack.UsersOf(_bot.Address).SlashCommandAsync(_slack.Ann, _slack.DealRoom, "/learn", "settings", Cancel);
        await Eventually.TrueAsync(() => _slack.Workspace.Modals(_slack.Ann.Id).Count > 0, "the settings modal opens");
        var modal = _slack.Workspace.Modals(_slack.Ann.Id)[^1];
        var weekdays = new JsonArray([.. new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => (JsonNode)new JsonObject { ["value"] = d })]);

        var saved = await _slack.UsersOf(_bot.Address).SubmitViewAsync(_slack.Ann, modal, new JsonObject
        {
            ["workday_start"] = Select("10:00"), ["workday_end"] = Select("17:00"),
            ["working_days"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "checkboxes", ["selected_options"] = weekdays } },
            ["max_lessons_per_day"] = Select("1"), ["max_lessons_per_week"] = Select("3"),
        }, Cancel);

        var answer = JsonNode.Parse(saved.Body)!;
        Assert.Equal("update", (string)answer["response_action"]!);
        var view = string.Join("\n", answer["view"]!["blocks"]!.AsArray().Select(b => (string?)b!["text"]?["text"]));
        Assert.Contains("*Saved:* working day 10:00–17:00 (was 09:00–17:00).", view, StringComparison.Ordinal);
        Assert.Contains("Your next lesson: *", view, StringComparison.Ordinal);
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        var due = (await connection.QueryAsync<DateTimeOffset>("""
            SELECT d.due_at FROM deliveries d JOIN sellers s ON s.id = d.seller_id WHERE s.slack_user_id = @Id AND d.status = 'planned'
            """, new { _slack.Ann.Id })).ToList();
        Assert.NotEmpty(due);
        Assert.All(due, at => Assert.True(TimeZoneInfo.ConvertTime(at, Berlin).TimeOfDay >= TimeSpan.FromHours(10), $"{at} is before 10:00 in Berlin"));
    }
}
