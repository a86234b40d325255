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
    private SeededBot _scenario = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _scenario = await SeededBot.StartAsync(server);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    /// <summary>Two lessons the bot sent (a meeting's and a campaign's), in Ann's DM and not finished.</summary>
    private async Task<string[]> TwoUnfinishedLessonsAsync()
    {
        await _scenario.LearnAsync(_scenario.Slack.Ann, "start");
        var dm = _scenario.Slack.Workspace.DirectMessage(_scenario.Slack.Ann);
        await using var connection = await _scenario.Db.OpenConnectionAsync(Cancel);
        var lessons = (await connection.QueryAsync<string>("SELECT id FROM lessons WHERE partner_id IS NOT NULL ORDER BY id LIMIT 2")).ToArray();
        foreach (var (lesson, trigger) in lessons.Zip(["meeting", "campaign"]))
        {
            var card = _scenario.Slack.Workspace.Post(dm.Id, null, _scenario.Slack.Workspace.Bot.Id, $"card {lesson}");
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, sent_at, slack_channel, slack_ts, reason)
                SELECT s.id, 'lesson', @trigger, l.id, l.current_version, 'sent', now() - interval '1 day', now() - interval '1 day', @channel, @ts, 'test'
                FROM sellers s, lessons l WHERE s.slack_user_id = @user AND l.id = @lesson
                """, new { trigger, lesson, channel = dm.Id, ts = card.Ts, user = _scenario.Slack.Ann.Id });
        }
        return lessons;
    }

    private async Task<JsonObject> OpenHomeAsync(int publishedBefore = 0)
    {
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).SendEventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = _scenario.Slack.Ann.Id, ["channel"] = "D0HOME", ["tab"] = "home", ["event_ts"] = "1700000000.000100",
        }, cancellationToken: Cancel);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id) is not null, "the home tab is published");
        return _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!.View;
    }

    [Fact]
    public async Task Learn_next_says_which_unfinished_lessons_hold_back_the_next_one_and_the_lesson_pulled_does_not_count()
    {
        var waiting = await TwoUnfinishedLessonsAsync();

        var first = await _scenario.LearnAsync(_scenario.Slack.Ann, "next");
        var second = await _scenario.LearnAsync(_scenario.Slack.Ann, "next");

        foreach (var answer in new[] { first, second })
        {
            Assert.Contains("On its way to your DMs", answer, StringComparison.Ordinal);
            Assert.Contains("2 lessons are waiting for you: finish one and the next comes.", answer, StringComparison.Ordinal);
            Assert.Contains(SearchResultsCard.StartAction, answer, StringComparison.Ordinal);
            Assert.All(waiting, lesson => Assert.Contains($"\"value\":\"{lesson}\"", answer, StringComparison.Ordinal));
            Assert.Contains("https://sandbox.slack.test/archives/", answer, StringComparison.Ordinal);
        }
        Assert.Equal(2, await _scenario.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE trigger = 'user' AND status = 'sent'"));
    }

    [Fact]
    public async Task App_home_says_why_nothing_is_coming_and_its_lists_have_buttons_and_start_now_sends_a_planned_lesson()
    {
        var waiting = await TwoUnfinishedLessonsAsync();
        var planned = await _scenario.ScalarAsync<string>("SELECT id FROM lessons WHERE partner_id IS NOT NULL ORDER BY id OFFSET 2 LIMIT 1");
        await using (var connection = await _scenario.Db.OpenConnectionAsync(Cancel))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT s.id, 'lesson', 'evergreen', l.id, l.current_version, 'planned', now() + interval '3 days', 'Nothing for 7 days; planned for later'
                FROM sellers s, lessons l WHERE s.slack_user_id = @user AND l.id = @planned
                """, new { planned, user = _scenario.Slack.Ann.Id });
        }

        var home = (await OpenHomeAsync()).ToJsonString();

        Assert.Contains("*Nothing new is coming:* 2 lessons are waiting for you: finish one and the next comes.", home, StringComparison.Ordinal);
        Assert.All(waiting, lesson => Assert.Contains($"\"block_id\":\"waiting-{lesson}\"", home, StringComparison.Ordinal));
        Assert.Contains("\"text\":\"Open\"", home, StringComparison.Ordinal);
        Assert.Contains($"\"block_id\":\"upcoming-{planned}\"", home, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Start now\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing planned yet", home, StringComparison.Ordinal);

        var view = _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!;
        await new ClientActions(_scenario.Slack.Server, _scenario.Slack.UsersOf(_scenario.Bot.Address)).ActAsync(_scenario.Slack.Ann, new ActionSource(null, null, view.Id), new JsonObject
        {
            ["type"] = "button", ["action_id"] = SearchResultsCard.StartAction, ["block_id"] = $"upcoming-{planned}", ["value"] = planned,
        }, null, Cancel);

        await Eventually.TrueAsync(async () => await _scenario.ScalarAsync<long>(
            "SELECT count(*) FROM deliveries WHERE lesson_id = @planned AND trigger = 'user' AND status = 'sent'", new { planned }) == 1, "the lesson is sent now");
        await Eventually.TrueAsync(() => !_scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!.View.ToJsonString().Contains($"upcoming-{planned}", StringComparison.Ordinal),
            "App Home is published again without it under Coming up");
        Assert.Contains($"\"block_id\":\"waiting-{planned}\"", _scenario.Slack.Workspace.HomeView(_scenario.Slack.Ann.Id)!.View.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject Select(string value) =>
        new() { ["value"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value } } };

    [Fact]
    public async Task Saving_settings_re_plans_the_seller_at_once_and_the_modal_says_what_changed_and_what_comes_next()
    {
        await _scenario.LearnAsync(_scenario.Slack.Ann, "start");
        await _scenario.Slack.UsersOf(_scenario.Bot.Address).SlashCommandAsync(_scenario.Slack.Ann, _scenario.Slack.DealRoom, "/learn", "settings", Cancel);
        await Eventually.TrueAsync(() => _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id).Count > 0, "the settings modal opens");
        var modal = _scenario.Slack.Workspace.Modals(_scenario.Slack.Ann.Id)[^1];
        var weekdays = new JsonArray([.. new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => (JsonNode)new JsonObject { ["value"] = d })]);

        var saved = await _scenario.Slack.UsersOf(_scenario.Bot.Address).SubmitViewAsync(_scenario.Slack.Ann, modal, new JsonObject
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
        await using var connection = await _scenario.Db.OpenConnectionAsync(Cancel);
        var due = (await connection.QueryAsync<DateTimeOffset>("""
            SELECT d.due_at FROM deliveries d JOIN sellers s ON s.id = d.seller_id WHERE s.slack_user_id = @Id AND d.status = 'planned'
            """, new { _scenario.Slack.Ann.Id })).ToList();
        Assert.NotEmpty(due);
        Assert.All(due, at => Assert.True(TimeZoneInfo.ConvertTime(at, Berlin).TimeOfDay >= TimeSpan.FromHours(10), $"{at} is before 10:00 in Berlin"));
    }
}
