using LearningBot.Slack.BlockKit;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Discussions;
using LearningBot.Quizzes;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Quizzes;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningBot.Tests.Discussions;

/// <summary>Discuss, thread replies, take-aways and thread sizes, through the real bot and the Slack emulator.</summary>
public sealed class DiscussionScenarioTests(PostgresServer server) : IAsyncLifetime
{
    private const string Lesson = "northwind-qualify-cosell";
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private NpgsqlDataSource _db = null!;
    private EmulatedChannel _northwind = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions AsSlackShowsIt = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private UserActions Users => _slack.UsersOf(_bot.Address);

    /// <summary>Block JSON with mentions and channel links left as Slack reads them (&lt;@U…&gt;, &lt;#C…&gt;), not escaped.</summary>
    private static string Shown(JsonNode? blocks) => blocks?.ToJsonString(AsSlackShowsIt) ?? "";

    public async ValueTask InitializeAsync()
    {
        var database = await server.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(database);
        _slack = await EmulatorHost.StartAsync();
        // The bot is not in the channel yet: Discuss has to find it by name and join it.
        _northwind = _slack.Workspace.AddChannel("partner-northwind", botIsMember: false, members: [_slack.Ann, _slack.Bob]);
        _bot = await BotHost.StartAsync(database, [.. _slack.BotSettings, new("Content:SeedOnStart", "true")]);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM lesson_search") > 0, "the seeds are imported and indexed");
        await _db.ScalarAsync<long>("""
            INSERT INTO sellers (email, slack_user_id, time_zone, registered_via)
            VALUES (@AnnEmail, @AnnId, 'Europe/Berlin', 'roster'), (@BobEmail, @BobId, 'America/New_York', 'roster');
            SELECT count(*) FROM sellers
            """, new { AnnEmail = _slack.Ann.Email, AnnId = _slack.Ann.Id, BobEmail = _slack.Bob.Email, BobId = _slack.Bob.Id });
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The lesson as a card in the user's DM, sent by the dispatcher like any planned lesson.</summary>
    private async Task<(long DeliveryId, EmulatedMessage Card)> CardForAsync(EmulatedUser user, string lessonId = Lesson)
    {
        // The planner may already have planned this lesson (a campaign, say): then that row is asked for now.
        var deliveryId = await _db.ScalarAsync<long>("""
            WITH asked AS (
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                SELECT s.id, 'lesson', 'user', l.id, l.current_version, 'planned', now() - interval '1 minute', 'asked for it'
                FROM sellers s, lessons l WHERE s.slack_user_id = @user AND l.id = @lessonId
                ON CONFLICT (seller_id, lesson_id) WHERE kind = 'lesson' AND status IN ('planned', 'sending', 'sent') DO NOTHING
                RETURNING id
            ), planned AS (
                UPDATE deliveries d SET due_at = now() - interval '1 minute', trigger = CASE WHEN d.status = 'planned' THEN 'user' ELSE d.trigger END
                FROM sellers s
                WHERE s.id = d.seller_id AND s.slack_user_id = @user AND d.lesson_id = @lessonId AND d.kind = 'lesson'
                  AND d.status IN ('planned', 'sending', 'sent') AND NOT EXISTS (SELECT 1 FROM asked)
                RETURNING d.id
            )
            SELECT id FROM asked UNION ALL SELECT id FROM planned
            """, new { user = user.Id, lessonId });
        await _bot.Services.GetRequiredService<Dispatcher>().DispatchAsync(Cancel);
        // The scheduled dispatcher may have claimed the row first and still be sending it.
        EmulatedMessage? Card() => _slack.Workspace.Messages(_slack.Workspace.DirectMessage(user).Id)
            .SingleOrDefault(m => m.Metadata?["event_payload"]?["delivery_id"]?.GetValue<long>() == deliveryId);
        await Eventually.TrueAsync(() => Card() is not null, $"the card of delivery {deliveryId} is in the DM");
        return (deliveryId, Card()!);
    }

    private async Task<string> NoteAsync(EmulatedUser user, string containing)
    {
        await Eventually.TrueAsync(() => _slack.Workspace.EphemeralMessages(user.Id).Any(m => m.Text.Contains(containing, StringComparison.Ordinal)),
            $"{user.Name} is told “{containing}”");
        return _slack.Workspace.EphemeralMessages(user.Id).Last(m => m.Text.Contains(containing, StringComparison.Ordinal)).Text;
    }

    private IReadOnlyList<EmulatedMessage> Posts(EmulatedChannel channel) =>
        [.. _slack.Workspace.Messages(channel.Id).Where(m => m.ThreadTs is null)];

    /// <summary>Clicks Discuss and waits until the thread exists; returns the channel post that opens it.</summary>
    private async Task<EmulatedMessage> DiscussAsync(EmulatedUser user, (long DeliveryId, EmulatedMessage Card) card)
    {
        await Users.ClickButtonAsync(user, card.Card, DiscussAction.ActionId, card.DeliveryId.ToString(), "lesson-actions", Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussions") > 0, "the discussion is stored");
        return Posts(_northwind).Single();
    }

    /// <summary>/learn with search words: the ephemeral answer, from the ack or the response_url.</summary>
    private async Task<string> SearchAsync(string words)
    {
        var before = _slack.Workspace.EphemeralMessages(_slack.Bob.Id).Count;
        var (delivery, _, _) = await Users.SlashCommandAsync(_slack.Bob, _slack.DealRoom, "/learn", words, Cancel);
        if (delivery.Body.Length > 0)
            return Shown(JsonNode.Parse(delivery.Body));
        await Eventually.TrueAsync(() => _slack.Workspace.EphemeralMessages(_slack.Bob.Id).Count > before, $"/learn {words} is answered");
        var answer = _slack.Workspace.EphemeralMessages(_slack.Bob.Id)[^1];
        return answer.Text + Shown(answer.Blocks);
    }

    [Fact]
    public async Task Discuss_posts_the_lesson_once_per_lesson_and_channel_and_asking_again_links_the_thread()
    {
        var annCard = await CardForAsync(_slack.Ann);

        var post = await DiscussAsync(_slack.Ann, annCard);

        var shown = post.Text + Shown(post.Blocks);
        Assert.Contains("Qualify a Northwind co-sell", shown, StringComparison.Ordinal);
        Assert.Contains("After this you can:", shown, StringComparison.Ordinal);
        Assert.Contains($"Discussion started by <@{_slack.Ann.Id}>", shown, StringComparison.Ordinal);
        Assert.Equal(DiscussionMessages.MetadataEventType, (string)post.Metadata!["event_type"]!);
        Assert.Contains("Where has this come up in your deals?", shown, StringComparison.Ordinal);
        Assert.Empty(_slack.Workspace.Replies(_northwind.Id, post.Ts));
        Assert.Contains(_slack.Workspace.Bot.Id, _northwind.Members);
        Assert.Contains("Posted to", await NoteAsync(_slack.Ann, "open the thread"), StringComparison.Ordinal);

        // Someone else's Discuss on the same lesson (a repeat click on the very same card within 30 s is dropped as a double click).
        var bobCard = await CardForAsync(_slack.Bob);
        await Users.ClickButtonAsync(_slack.Bob, bobCard.Card, DiscussAction.ActionId, bobCard.DeliveryId.ToString(), "lesson-actions", Cancel);
        var again = await NoteAsync(_slack.Bob, "already being discussed");
        Assert.Contains($"archives/{_northwind.Id}/p{post.Ts.Replace(".", "", StringComparison.Ordinal)}", again, StringComparison.Ordinal);
        Assert.Contains("no replies yet", again, StringComparison.Ordinal);
        Assert.Single(Posts(_northwind));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM discussions WHERE lesson_id = @Lesson", new { Lesson }));
    }

    [Fact]
    public async Task Replies_edits_and_deletions_are_reflected_in_storage_and_in_search()
    {
        var post = await DiscussAsync(_slack.Ann, await CardForAsync(_slack.Ann));

        var (reply, _) = await Users.ReplyInThreadAsync(_slack.Bob, _northwind, post.Ts, "Acme asked about the zebracorn rollout before the renewal", Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE deleted_at IS NULL") == 1, "the reply is stored");
        Assert.Equal(_slack.Bob.Id, await _db.ScalarAsync<string>("SELECT author_user_id FROM discussion_replies"));
        Assert.Equal(SlackMessageFields.ToTime(reply.Ts), await _db.ScalarAsync<DateTimeOffset>("SELECT posted_at FROM discussion_replies"));
        var found = await SearchAsync("zebracorn");
        Assert.Contains("Qualify a Northwind co-sell", found, StringComparison.Ordinal);
        Assert.Contains($"discussion in <#{_northwind.Id}>", found, StringComparison.Ordinal);
        Assert.Contains($"1 reply in <#{_northwind.Id}>", found, StringComparison.Ordinal);

        await Users.EditMessageAsync(reply, "Acme asked about the quokkafish rollout before the renewal", Cancel);
        await Eventually.TrueAsync(async () => (await _db.ScalarAsync<string>("SELECT text FROM discussion_replies")).Contains("quokkafish", StringComparison.Ordinal),
            "the edit is stored");
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE edited_at IS NOT NULL"));
        Assert.Contains("Qualify a Northwind co-sell", await SearchAsync("quokkafish"), StringComparison.Ordinal);
        Assert.DoesNotContain("Qualify a Northwind co-sell", await SearchAsync("zebracorn"), StringComparison.Ordinal);

        await Users.DeleteMessageAsync(reply, Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE deleted_at IS NOT NULL") == 1,
            "the deletion is stored");
        Assert.DoesNotContain("Qualify a Northwind co-sell", await SearchAsync("quokkafish"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bot_ignores_its_own_messages_and_other_bots_in_the_thread()
    {
        var post = await DiscussAsync(_slack.Ann, await CardForAsync(_slack.Ann));
        var before = _slack.Workspace.Messages(_northwind.Id).Count;

        await Users.EchoBotMessageAsync(post, Cancel);
        await Users.PostAsOtherBotAsync(_northwind, "Build #412 passed", post.Ts, Cancel);
        await Users.ReplyInThreadAsync(_slack.Bob, _northwind, post.Ts, "A person, for comparison", Cancel);

        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>(
            "SELECT count(*) FROM inbox WHERE kind = 'event' AND status = 'done'") == 3, "every event is processed");
        Assert.Equal(["A person, for comparison"], (await QueryTextsAsync()).ToArray());
        Assert.Equal(before + 2, _slack.Workspace.Messages(_northwind.Id).Count);
        Assert.DoesNotContain(_slack.Workspace.Messages(_northwind.Id), m => m.BotId == _slack.Workspace.BotId && m.Ts.CompareTo(post.Ts) > 0);
    }

    private async Task<IEnumerable<string>> QueryTextsAsync()
    {
        await using var connection = await _db.OpenConnectionAsync(Cancel);
        return await connection.QueryAsync<string>("SELECT text FROM discussion_replies ORDER BY posted_at");
    }

    [Fact]
    public async Task After_completing_a_lesson_the_take_away_lands_in_its_thread_and_the_card_shows_the_thread_size()
    {
        var (deliveryId, card) = await CardForAsync(_slack.Ann);
        var view = (await _bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        await Users.ClickButtonAsync(_slack.Ann, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel,
            QuizStates.State(view, QuizStates.RightKeys));
        await Eventually.TrueAsync(() => card.Blocks!.ToJsonString().Contains(TakeawayAction.ActionId, StringComparison.Ordinal), "the graded card invites a take-away");

        await Users.ClickButtonAsync(_slack.Ann, card, TakeawayAction.ActionId, deliveryId.ToString(), "lesson-actions-done", Cancel);
        await Eventually.TrueAsync(() => _slack.Workspace.Modals(_slack.Ann.Id).Count > 0, "the take-away modal opens");
        var modal = _slack.Workspace.Modals(_slack.Ann.Id)[^1];
        Assert.Contains("Share one thing you'll use", Shown(modal.View), StringComparison.Ordinal);

        var empty = await Users.SubmitViewAsync(_slack.Ann, modal, Entered("   "), Cancel);
        Assert.Equal("errors", (string)JsonNode.Parse(empty.Body)!["response_action"]!);
        Assert.Empty(Posts(_northwind));

        await Users.SubmitViewAsync(_slack.Ann, modal, Entered("I'll open with the three entry questions"), Cancel);
        await Eventually.TrueAsync(() => Posts(_northwind).Count == 1
            && _slack.Workspace.Replies(_northwind.Id, Posts(_northwind)[0].Ts).Any(m => m.Text.Contains("three entry questions", StringComparison.Ordinal)),
            "the take-away is in the lesson's thread");
        var takeaway = _slack.Workspace.Replies(_northwind.Id, Posts(_northwind)[0].Ts)[^1];
        Assert.Contains($"<@{_slack.Ann.Id}>'s take-away", takeaway.Text, StringComparison.Ordinal);
        // The take-away is stored just after it is posted, both after the ack.
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE message_ts = @Ts", new { takeaway.Ts }) == 1,
            "the take-away is stored");
        Assert.Equal(_slack.Ann.Id, await _db.ScalarAsync<string>("SELECT author_user_id FROM discussion_replies WHERE message_ts = @Ts", new { takeaway.Ts }));
        await Eventually.TrueAsync(() => Shown(card.Blocks).Contains($"1 reply in <#{_northwind.Id}>", StringComparison.Ordinal),
            "the card shows the thread's size");
        Assert.Contains("quiz done", card.Text, StringComparison.Ordinal);
        await NoteAsync(_slack.Ann, "Shared in");
    }

    /// <summary>A graded card of the lesson and its take-away modal, opened from the card.</summary>
    private async Task<(EmulatedMessage Card, EmulatedView Modal)> TakeawayModalAsync(EmulatedUser user)
    {
        var (deliveryId, card) = await CardForAsync(user);
        var view = (await _bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(deliveryId, Cancel))!.Value.View;
        await Users.ClickButtonAsync(user, card, LessonCard.SubmitAction, deliveryId.ToString(), "lesson-actions", Cancel,
            QuizStates.State(view, QuizStates.RightKeys));
        await Eventually.TrueAsync(() => card.Blocks!.ToJsonString().Contains(TakeawayAction.ActionId, StringComparison.Ordinal), "the graded card invites a take-away");
        await Users.ClickButtonAsync(user, card, TakeawayAction.ActionId, deliveryId.ToString(), "lesson-actions-done", Cancel);
        await Eventually.TrueAsync(() => _slack.Workspace.Modals(user.Id).Count > 0, "the take-away modal opens");
        return (card, _slack.Workspace.Modals(user.Id)[^1]);
    }

    [Fact]
    public async Task The_take_away_dialog_closes_at_once_and_the_take_away_is_posted_exactly_once_after_the_ack()
    {
        var (_, modal) = await TakeawayModalAsync(_slack.Ann);
        _slack.Faults.Slow("chat.postMessage", TimeSpan.FromSeconds(2.5));

        var clock = Stopwatch.StartNew();
        var ack = await Users.SubmitViewAsync(_slack.Ann, modal, Entered("I'll ask about their billing stack first"), Cancel);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"take-away dialog answered in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the dialog closes at once, not after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(System.Net.HttpStatusCode.OK, ack.Status);
        Assert.True(ack.Body.Length == 0 || JsonNode.Parse(ack.Body)?["response_action"] is null, $"an empty ack closes the dialog: {ack.Body}");
        IEnumerable<EmulatedMessage> Takeaways() => Posts(_northwind).SelectMany(p => _slack.Workspace.Replies(_northwind.Id, p.Ts))
            .Where(m => m.Text.Contains("billing stack", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Takeaways().Any(), "the take-away is posted into the thread after the ack", TimeSpan.FromSeconds(15));
        await NoteAsync(_slack.Ann, "Shared in");
        Assert.Single(Takeaways());
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE text LIKE '%billing stack%'"));
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE status <> 'done'") == 0,
            "the submission's inbox row is done once the take-away is posted");
    }

    [Fact]
    public async Task The_card_the_Discuss_answer_search_the_digest_and_the_channel_all_show_the_same_reply_count()
    {
        var (_, annModal) = await TakeawayModalAsync(_slack.Ann);
        await Users.SubmitViewAsync(_slack.Ann, annModal, Entered("I'll open with the three entry questions"), Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies") == 1, "the take-away is stored");
        var post = Posts(_northwind).Single();
        await Users.ReplyInThreadAsync(_slack.Bob, _northwind, post.Ts, "Came up with Acme last week", Cancel);
        var (gone, _) = await Users.ReplyInThreadAsync(_slack.Bob, _northwind, post.Ts, "Oops, wrong thread", Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies") == 3, "both replies are stored");
        await Users.DeleteMessageAsync(gone, Cancel);
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_replies WHERE deleted_at IS NOT NULL") == 1,
            "the deletion is stored");
        var expected = $"2 replies in <#{_northwind.Id}>";

        // Slack's own count under the post: the take-away and Bob's remaining reply; the question is part of the post.
        Assert.Equal(2, _slack.Workspace.Replies(_northwind.Id, post.Ts).Count);

        var (bobDelivery, bobCard) = await CardForAsync(_slack.Bob);
        var view = (await _bot.Services.GetRequiredService<DeliveryCards>().LoadAsync(bobDelivery, Cancel))!.Value.View;
        await Users.ClickButtonAsync(_slack.Bob, bobCard, LessonCard.SubmitAction, bobDelivery.ToString(), "lesson-actions", Cancel,
            QuizStates.State(view, QuizStates.RightKeys));
        await Eventually.TrueAsync(() => Shown(bobCard.Blocks).Contains(expected, StringComparison.Ordinal), "the graded card shows the count");
        await Users.ClickButtonAsync(_slack.Bob, bobCard, DiscussAction.ActionId, bobDelivery.ToString(), "lesson-actions-done", Cancel);
        Assert.Contains(expected, await NoteAsync(_slack.Bob, "already being discussed"), StringComparison.Ordinal);
        Assert.Contains(expected, Shown(bobCard.Blocks), StringComparison.Ordinal);

        Assert.Contains(expected, await SearchAsync("qualify northwind co-sell"), StringComparison.Ordinal);

        var partner = await _db.ScalarAsync<string>("SELECT partner_id FROM lessons WHERE id = @Lesson", new { Lesson });
        var posted = await _db.ScalarAsync<DateTimeOffset>("SELECT min(posted_at) FROM discussion_replies");
        var week = await _bot.Services.GetRequiredService<DigestStore>().ContentAsync([partner], posted.AddDays(-1), posted.AddDays(1), Cancel);
        Assert.Equal(2, week.MostDiscussed.Single(l => l.LessonId == Lesson).Replies);
        Assert.Contains(": 2 replies",
            Shown(JsonNode.Parse(BlockKitJson.Serialize(DigestMessage.Render(new DigestChannel(_northwind.Id, partner, "Northwind"), week)))), StringComparison.Ordinal);
    }

    private static JsonObject Entered(string text) => new()
    {
        [TakeawayModal.BlockId] = new JsonObject { [TakeawayModal.InputActionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text } },
    };

    [Fact]
    public async Task A_channel_the_bot_cannot_post_in_or_cannot_find_gets_a_clear_note_and_posts_nothing()
    {
        var harborlight = _slack.Workspace.AddChannel("partner-harborlight", isPrivate: true, botIsMember: false, members: [_slack.Ann]);
        var privateCard = await CardForAsync(_slack.Ann, "harborlight-qualify-cosell");
        await Users.ClickButtonAsync(_slack.Ann, privateCard.Card, DiscussAction.ActionId, privateCard.DeliveryId.ToString(), "lesson-actions", Cancel);
        Assert.Contains("/invite @LearningBot", await NoteAsync(_slack.Ann, "I can't post in"), StringComparison.Ordinal);

        var missingCard = await CardForAsync(_slack.Ann, "tessera-qualify-cosell");
        await Users.ClickButtonAsync(_slack.Ann, missingCard.Card, DiscussAction.ActionId, missingCard.DeliveryId.ToString(), "lesson-actions", Cancel);
        Assert.Contains("#partner-tessera", await NoteAsync(_slack.Ann, "I can't find the channel"), StringComparison.Ordinal);

        var campaignCard = await CardForAsync(_slack.Ann, "brightline-streams-launch");
        await Users.ClickButtonAsync(_slack.Ann, campaignCard.Card, DiscussAction.ActionId, campaignCard.DeliveryId.ToString(), "lesson-actions", Cancel);
        await NoteAsync(_slack.Ann, "no partner channel");

        Assert.Empty(_slack.Workspace.Messages(harborlight.Id));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM discussions"));
    }
}
