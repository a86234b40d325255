using Dapper;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Delivery;

public sealed class DeliveryPlannerTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly FakeTimeProvider _time = new(Local(11, 29, 12, 0));
    private NpgsqlDataSource _db = null!;
    private long _seller;

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(2026, month, day, hour, minute, 0);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    private sealed record Row(long Id, string LessonId, long? MeetingId, string Trigger, string Status, DateTimeOffset DueAt, string Reason, DateTimeOffset UpdatedAt);

    public async ValueTask InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using var connection = await _db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, email_domains, content_hash) VALUES
              ('northwind', 'Northwind Data', '{Northwind}', '{northwinddata.com}', 'h'),
              ('globex', 'Globex Cloud', '{}', '{globex.io}', 'h');
            """);
        foreach (var (partner, kinds) in new[] { ("northwind", MeetingLessonPlan.ObjectiveOrder), ("globex", MeetingLessonPlan.ObjectiveOrder[..1]) })
        {
            foreach (var kind in kinds)
            {
                var id = $"{partner}-{kind}";
                await connection.ExecuteAsync("""
                    INSERT INTO lessons (id, partner_id, objective_kind, current_version) VALUES (@id, @partner, @kind, 1);
                    INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes)
                    VALUES (@id, 1, 'h', 'x.md', @id, 'Name the three things', 'body', 4);
                    """, new { id, partner, kind });
            }
        }
        _seller = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sellers (email, slack_user_id, time_zone, registered_via) VALUES ('ana@acme.com', 'U1', 'Europe/Berlin', 'roster') RETURNING id");
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private DeliveryPlanner Planner() =>
        new(_db, new PlanningQueries(_db), Options.Create(new PacingOptions()), Options.Create(new DeliveryOptions()),
            new QuickCheckPlanning(new Fsrs(), Options.Create(new ReinforcementOptions())), _time, Metrics.Bot(), NullLogger<DeliveryPlanner>.Instance);

    private async Task<long> MeetingAsync(string title, DateTimeOffset start, params (string Partner, string Reason)[] partners)
    {
        await using var connection = await _db.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
            VALUES (@_seller, 'file', @uid, @title, @start, @end) RETURNING id
            """, new { _seller, uid = Guid.NewGuid().ToString(), title, start, end = start.AddHours(1) });
        foreach (var (partner, reason) in partners)
            await connection.ExecuteAsync("INSERT INTO meeting_partners VALUES (@id, @partner, @reason)", new { id, partner, reason });
        return id;
    }

    private async Task<List<Row>> RowsAsync(string trigger = "meeting")
    {
        await using var connection = await _db.OpenConnectionAsync();
        return [.. await connection.QueryAsync<Row>(
            "SELECT id, lesson_id, meeting_id, trigger, status, due_at, reason, updated_at FROM deliveries WHERE trigger = @trigger ORDER BY id",
            new { trigger })];
    }

    private async Task<List<Row>> AllRowsAsync()
    {
        await using var connection = await _db.OpenConnectionAsync();
        return [.. await connection.QueryAsync<Row>(
            "SELECT id, lesson_id, meeting_id, trigger, status, due_at, reason, updated_at FROM deliveries ORDER BY id")];
    }

    private async Task CampaignAsync(string id, string audience, DateTime startsLocal, string? partner = null)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO lessons (id, partner_id, objective_kind, current_version) VALUES (@id, @partner, 'product-release', 1);
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes,
                                         campaign_starts, campaign_audience)
            VALUES (@id, 1, 'h', 'c.md', 'Winter release', 'Name the two new features', 'body', 3, @startsLocal, @audience);
            """, new { id, partner, audience, startsLocal });
    }

    [Fact]
    public async Task A_partner_meeting_gets_the_first_lesson_at_the_latest_free_moment_with_a_human_reason()
    {
        await MeetingAsync("Acme + Northwind", Local(12, 1, 15), ("northwind", "rep@northwinddata.com is attending"));

        var summary = await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync());
        Assert.Equal(1, summary.Planned);
        Assert.Equal("planned", row.Status);
        Assert.Equal("northwind-what-partner-does", row.LessonId);
        Assert.Equal(Local(12, 1, 13), row.DueAt);
        Assert.StartsWith("Before Acme + Northwind, Tue 15:00: rep@northwinddata.com is attending", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_meetings_with_the_same_partner_get_the_next_objectives_in_order()
    {
        await MeetingAsync("Kick-off", Local(12, 1, 15), ("northwind", "r"));
        await MeetingAsync("Deep dive", Local(12, 3, 15), ("northwind", "r"));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        Assert.Equal(["northwind-what-partner-does", "northwind-joint-value"], (await RowsAsync()).Select(r => r.LessonId));
    }

    [Fact]
    public async Task Planning_again_changes_nothing()
    {
        await MeetingAsync("Kick-off", Local(12, 1, 15), ("northwind", "r"));
        await MeetingAsync("Too soon", Local(11, 29, 13), ("globex", "r"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        var before = await AllRowsAsync();

        var summary = await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        Assert.Equal(new PlanSummary(0, 0, 0, 0), summary);
        Assert.Equal(before, await AllRowsAsync());
    }

    [Fact]
    public async Task A_moved_meeting_moves_its_lesson_and_a_cancelled_one_cancels_it_with_a_reason()
    {
        var moved = await MeetingAsync("Kick-off", Local(12, 1, 15), ("northwind", "r"));
        var cancelled = await MeetingAsync("Review", Local(12, 3, 15), ("globex", "r"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("UPDATE meetings SET starts_at = @start, ends_at = @end WHERE id = @moved",
                new { moved, start = Local(12, 2, 16), end = Local(12, 2, 17) });
            await connection.ExecuteAsync("UPDATE meetings SET cancelled = true WHERE id = @cancelled", new { cancelled });
        }

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var rows = await RowsAsync();
        var movedRow = Assert.Single(rows, r => r.MeetingId == moved);
        Assert.Equal(Local(12, 2, 14), movedRow.DueAt);
        var cancelledRow = Assert.Single(rows, r => r.MeetingId == cancelled);
        Assert.Equal("cancelled", cancelledRow.Status);
        Assert.Contains("cancelled", cancelledRow.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lessons_already_completed_are_skipped_and_a_seller_who_finished_all_gets_none()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, sent_at, completed_at)
                VALUES (@_seller, 'lesson', 'user', 'globex-what-partner-does', 1, 'sent', @at, 'asked', @at, @at)
                """, new { _seller, at = Local(11, 20, 10) });
        }
        await MeetingAsync("Globex sync", Local(12, 1, 15), ("globex", "r"));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(await RowsAsync(), r => r.Status == "planned");
    }

    [Fact]
    public async Task A_meeting_whose_lesson_went_out_gets_no_second_lesson_on_the_next_run()
    {
        var served = await MeetingAsync("Kick-off", Local(12, 1, 15), ("northwind", "r"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("UPDATE deliveries SET status = 'sent', sent_at = due_at WHERE meeting_id = @served", new { served });

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync());
        Assert.Equal(("sent", "northwind-what-partner-does"), (row.Status, row.LessonId));
    }

    [Fact]
    public void A_meeting_whose_partner_lessons_are_all_taken_is_skipped_with_that_reason_and_writes_no_row()
    {
        var schedule = new SellerSchedule(Berlin, PacingRules.Default, [], []);
        var meeting = new PlannedMeeting(7, "Globex sync", Local(12, 1, 15), [new PartnerMatch("globex", "Globex Cloud", "rep@globex.io is attending")]);
        var lessons = new Dictionary<string, IReadOnlyList<LessonOption>> { ["globex"] = [new LessonOption("globex-what-partner-does", 1, "globex", "what-partner-does")] };

        var decision = Assert.Single(MeetingLessonPlan.Decide(schedule, [meeting], lessons, new HashSet<string> { "globex-what-partner-does" },
            Local(11, 29, 12), SellerPlan.AssumedCompletion));

        Assert.Equal((7L, null, false, "globex"), (decision.MeetingId, decision.LessonId, decision.Planned, decision.PartnerId));
        Assert.Equal("Before Globex sync, Tue 15:00: rep@globex.io is attending; skipped: every lesson of Globex Cloud is already sent or planned for this seller", decision.Reason);
    }

    [Fact]
    public async Task A_meeting_without_a_partner_produces_nothing()
    {
        await MeetingAsync("Internal 1:1", Local(12, 1, 15));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        Assert.Empty(await RowsAsync());
    }

    [Fact]
    public async Task A_lesson_that_cannot_be_placed_is_recorded_once_as_skipped_with_the_rule()
    {
        await MeetingAsync("Too soon", Local(11, 30, 10), ("northwind", "r"));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync());
        Assert.Equal("skipped", row.Status);
        Assert.Contains("no 15 minutes free inside working hours", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skip_keeps_its_first_reason_and_is_not_rewritten_by_later_runs()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, sent_at, completed_at)
                VALUES (@_seller, 'lesson', 'user', 'globex-what-partner-does', 1, 'sent', @at, 'asked', @at, @at)
                """, new { _seller, at = Local(11, 27, 10) });
        }
        await MeetingAsync("Too soon", Local(11, 30, 10), ("northwind", "r"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        var first = Assert.Single(await RowsAsync());

        foreach (var later in new[] { TimeSpan.FromMinutes(5), TimeSpan.FromHours(20) })
        {
            _time.Advance(later);
            var summary = await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
            Assert.Equal(new PlanSummary(0, 0, 0, 0), summary);
        }

        Assert.Equal(first, Assert.Single(await RowsAsync()));
        Assert.Contains("no 15 minutes free inside working hours between Sun 12:00", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planned_reason_says_when_it_is_planned_for_not_that_it_was_sent()
    {
        await MeetingAsync("Acme + Northwind", Local(12, 1, 15), ("northwind", "a northwinddata.com attendee"));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync());
        Assert.Equal("Before Acme + Northwind, Tue 15:00: a northwinddata.com attendee; planned for Tue 13:00 "
            + "(the latest free 15 minutes in working hours between 48 h and 2 h before the meeting)", row.Reason);
    }

    [Fact]
    public async Task Planners_running_at_once_plan_each_lesson_once()
    {
        for (var day = 1; day <= 4; day++)
            await MeetingAsync($"Meeting {day}", Local(12, day, 15), ("northwind", "r"));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken)));

        var planned = (await RowsAsync()).Where(r => r.Status == "planned").ToList();
        Assert.Equal(planned.Count, planned.Select(r => r.LessonId).Distinct().Count());
        Assert.NotEmpty(planned);
    }

    [Fact]
    public async Task After_a_quiet_week_one_evergreen_lesson_is_planned_from_a_partner_the_seller_deals_with()
    {
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO opportunities (source, external_id, account_domain, partner_id, stage, owner_email)
                VALUES ('file', 'opp-1', 'acme.com', 'globex', 'discovery', 'ana@acme.com')
                """);
        }

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await AllRowsAsync());
        Assert.Equal(("evergreen", "planned", "globex-what-partner-does"), (row.Trigger, row.Status, row.LessonId));
        Assert.Equal(Local(11, 30, 9), row.DueAt);
        Assert.StartsWith("Nothing for 7 days", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_lesson_goes_out_at_its_start_in_the_sellers_own_time_and_only_to_its_audience()
    {
        await CampaignAsync("winter-release", "all", new DateTime(2026, 12, 2, 9, 0, 0));
        await CampaignAsync("globex-spiff", "partner-sellers", new DateTime(2026, 12, 2, 9, 0, 0), partner: "globex");

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var campaign = Assert.Single(await RowsAsync("campaign"));
        Assert.Equal(("winter-release", Local(12, 2, 9)), (campaign.LessonId, campaign.DueAt));
        Assert.StartsWith("Campaign “Winter release” starts Wed 09:00", campaign.Reason, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync("evergreen"));
    }

    [Fact]
    public async Task A_planned_lesson_whose_meeting_passed_unsent_is_skipped_with_that_reason_not_called_cancelled()
    {
        var meeting = await MeetingAsync("Proseware renewal", Local(12, 1, 15), ("northwind", "the title names Northwind"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        _time.SetUtcNow(Local(12, 3, 10));

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync(), r => r.MeetingId == meeting);
        Assert.Equal("skipped", row.Status);
        Assert.Equal("Before Proseware renewal, Tue 15:00: the title names Northwind; planned for Tue 13:00 but skipped: "
            + "the meeting started at Tue 15:00 before the lesson could be sent", row.Reason);
    }

    [Fact]
    public async Task A_lesson_already_due_is_left_to_the_dispatcher_rather_than_cancelled_by_a_planner_running_seconds_later()
    {
        var meeting = await MeetingAsync("Kick-off", Local(12, 1, 15), ("northwind", "r"));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        _time.SetUtcNow(Local(12, 1, 13).AddSeconds(20));

        var summary = await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await AllRowsAsync(), r => r.MeetingId == meeting);
        Assert.Equal(new PlanSummary(0, 0, 0, 0), summary);
        Assert.Equal(("planned", Local(12, 1, 13)), (row.Status, row.DueAt));
    }

    [Fact]
    public async Task A_campaign_lesson_planned_before_the_seller_moved_their_day_start_moves_to_the_new_start()
    {
        await CampaignAsync("winter-release", "all", new DateTime(2026, 12, 2, 9, 0, 0));
        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""UPDATE sellers SET settings = '{"workday_start": "10:00", "workday_end": "17:00"}' WHERE id = @_seller""", new { _seller });
        }

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var row = Assert.Single(await RowsAsync("campaign"));
        Assert.Equal(("planned", Local(12, 2, 10)), (row.Status, row.DueAt));
        Assert.StartsWith("Campaign “Winter release” starts Wed 09:00; planned for Wed 10:00 (the first free 15 minutes", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_lesson_skipped_at_send_time_is_planned_again_once_a_moment_allows_it()
    {
        await CampaignAsync("winter-release", "all", new DateTime(2026, 12, 2, 9, 0, 0));
        await using (var connection = await _db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                VALUES (@_seller, 'lesson', 'campaign', 'winter-release', 1, 'skipped', @due,
                        'Campaign “Winter release” starts Wed 09:00; planned for Wed 09:00 but skipped at send time: Wed 09:00 is outside working hours')
                """, new { _seller, due = Local(12, 2, 9) });
        }

        await Planner().PlanSellerAsync(_seller, TestContext.Current.CancellationToken);

        var rows = await RowsAsync("campaign");
        Assert.Equal(["skipped", "planned"], rows.Select(r => r.Status));
        Assert.Equal(Local(12, 2, 9), rows[1].DueAt);
    }
}
