using LearningBot.Delivery;

namespace LearningBot.Tests.Delivery;

/// <summary>
/// Every pacing rule and its edges. Week of 2026-11-30: Monday 30 Nov … Friday 4 Dec; times are the seller's own.
/// </summary>
public sealed class PacingPolicyTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Local(TimeZoneInfo zone, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(2026, month, day, hour, minute, 0);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset At(int day, int hour, int minute = 0) =>
        day >= 28 ? Local(Berlin, 11, day, hour, minute) : Local(Berlin, 12, day, hour, minute);

    private static TimeRange Busy(int day, int fromHour, int fromMinute, int toHour, int toMinute) =>
        new(At(day, fromHour, fromMinute), At(day, toHour, toMinute));

    private static SellerSchedule Seller(
        IEnumerable<TimeRange>? busy = null, IEnumerable<LessonSend>? sends = null, PacingRules? rules = null,
        DateTimeOffset? pausedUntil = null, TimeZoneInfo? zone = null) =>
        new(zone ?? Berlin, rules ?? PacingRules.Default, [.. busy ?? []], [.. sends ?? []], pausedUntil);

    private static LessonSend Sent(DateTimeOffset at, DateTimeOffset? completed = null, string lesson = "lesson") => new(lesson, at, completed);

    private static DateTimeOffset SendTime(PacingDecision decision) =>
        Assert.IsType<PacingDecision.Send>(decision).At;

    private static string NoSlotReason(PacingDecision decision) =>
        Assert.IsType<PacingDecision.NoSlot>(decision).Reason;

    [Fact]
    public void A_meeting_lesson_goes_in_the_latest_free_moment_two_hours_before()
    {
        var meeting = Busy(1, 15, 0, 16, 0);
        var decision = PacingPolicy.ForMeeting(Seller([meeting]), meeting.Start, At(29, 12));

        Assert.Equal(At(1, 13), SendTime(decision));
        Assert.Contains("latest free 15 minutes", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_two_hours_before_is_allowed_and_a_minute_later_is_not()
    {
        var meeting = Busy(1, 11, 0, 12, 0);
        var seller = Seller([meeting]);

        Assert.Equal(At(1, 9), SendTime(PacingPolicy.ForMeeting(seller, meeting.Start, At(29, 12))));
        Assert.Equal(meeting.Start - TimeSpan.FromHours(2), SendTime(PacingPolicy.ForMeeting(seller, meeting.Start, At(29, 12))));
    }

    [Fact]
    public void Before_an_early_meeting_the_lesson_goes_at_the_end_of_the_previous_working_day()
    {
        var meeting = Busy(1, 10, 0, 11, 0);

        Assert.Equal(At(30, 16, 45), SendTime(PacingPolicy.ForMeeting(Seller([meeting]), meeting.Start, At(29, 12))));
    }

    [Theory]
    [InlineData(16, 44, true)]
    [InlineData(16, 45, true)]
    [InlineData(16, 46, false)]
    [InlineData(8, 59, false)]
    [InlineData(9, 0, true)]
    public void Fifteen_free_minutes_must_fit_before_the_working_day_ends(int hour, int minute, bool allowed)
    {
        var decision = PacingPolicy.Check(Seller(), At(30, hour, minute));

        Assert.Equal(allowed, decision is PacingDecision.Send);
    }

    [Fact]
    public void Never_inside_a_meeting_nor_in_a_gap_shorter_than_fifteen_minutes()
    {
        var seller = Seller([Busy(1, 11, 0, 12, 0), Busy(1, 12, 10, 13, 40)]);

        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, At(1, 11, 30)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, At(1, 12, 0)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, At(1, 10, 50)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(1, 10, 45)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(1, 13, 40)));
        Assert.Equal(At(1, 10, 45), SendTime(PacingPolicy.ForMeeting(seller, At(1, 14, 10), At(29, 12))));
    }

    [Fact]
    public void Weekend_and_the_forty_eight_hour_window_can_leave_no_moment_and_say_so()
    {
        var meeting = Busy(30, 10, 0, 11, 0);

        var reason = NoSlotReason(PacingPolicy.ForMeeting(Seller([meeting]), meeting.Start, Local(Berlin, 11, 27, 8, 0)));

        Assert.Contains("no 15 minutes free inside working hours", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meeting_less_than_two_hours_away_gets_no_lesson()
    {
        var reason = NoSlotReason(PacingPolicy.ForMeeting(Seller(), At(1, 15), At(1, 13, 30)));

        Assert.Contains("less than 2 h away", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_one_lesson_a_day()
    {
        var rules = PacingRules.Default with { MinWorkingTimeBetweenLessons = TimeSpan.Zero };
        var seller = Seller(sends: [Sent(At(1, 9, 30), At(1, 9, 40))], rules: rules);

        Assert.Equal(At(30, 16, 45), SendTime(PacingPolicy.ForMeeting(seller, At(1, 16), At(29, 12))));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, At(1, 15)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(2, 9)));
    }

    [Fact]
    public void At_most_three_lessons_a_week_and_the_next_week_starts_on_monday()
    {
        var rules = PacingRules.Default with { MinWorkingTimeBetweenLessons = TimeSpan.Zero };
        var sends = new[] { Sent(At(30, 9), At(30, 9, 10)), Sent(At(1, 9), At(1, 9, 10)), Sent(At(2, 9), At(2, 9, 10)) };
        var seller = Seller(sends: sends, rules: rules);

        var reason = NoSlotReason(PacingPolicy.ForMeeting(seller, At(4, 15), At(2, 12)));

        Assert.Contains("3 that week", reason, StringComparison.Ordinal);
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(7, 9)));
    }

    [Fact]
    public void Four_working_hours_between_lessons_counts_working_time_only()
    {
        var seller = Seller(sends: [Sent(At(30, 13), At(30, 13, 10))]);

        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(1, 9)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(Seller(sends: [Sent(At(30, 13, 1), At(30, 13, 10))]), At(1, 9)));
    }

    [Fact]
    public void Before_a_send_the_next_lesson_also_keeps_four_working_hours_away()
    {
        var seller = Seller(sends: [Sent(At(1, 9, 30), At(1, 9, 40))]);

        Assert.Equal(At(30, 13, 30), SendTime(PacingPolicy.ForMeeting(seller, At(1, 16), At(29, 12))));
    }

    [Fact]
    public void A_too_close_previous_lesson_is_the_reason_when_it_is_the_rule_that_blocks()
    {
        var seller = Seller(sends: [Sent(At(30, 13, 30), At(30, 13, 40))]);

        var reason = NoSlotReason(PacingPolicy.ForMeeting(seller, At(1, 11), At(30, 14)));

        Assert.Contains("less than 4 h of working time", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_new_lesson_while_two_are_unfinished_until_one_is_completed()
    {
        var rules = PacingRules.Default with { MinWorkingTimeBetweenLessons = TimeSpan.Zero };
        var open = new[] { Sent(At(30, 9)), Sent(At(1, 9)) };

        var reason = NoSlotReason(PacingPolicy.ForMeeting(Seller(sends: open, rules: rules), At(3, 15), At(2, 8)));
        var afterOneDone = PacingPolicy.ForMeeting(
            Seller(sends: [Sent(At(30, 9)), Sent(At(1, 9), At(2, 10))], rules: rules), At(3, 15), At(2, 8));

        Assert.Contains("2 lessons sent earlier are still unfinished", reason, StringComparison.Ordinal);
        Assert.Equal(At(3, 13), SendTime(afterOneDone));
    }

    [Fact]
    public void A_paused_seller_gets_nothing_until_the_pause_ends()
    {
        var paused = Seller(pausedUntil: At(4, 0));

        Assert.Contains("paused lessons until", NoSlotReason(PacingPolicy.ForMeeting(paused, At(3, 15), At(1, 8))), StringComparison.Ordinal);
        Assert.Equal(At(4, 9), SendTime(PacingPolicy.Earliest(paused, At(2, 8), At(7, 17))));
    }

    [Theory]
    [InlineData(1, 10, 20, 1, 13)]
    [InlineData(1, 14, 0, 2, 9)]
    [InlineData(1, 12, 59, 1, 13)]
    [InlineData(4, 15, 0, 7, 9)]
    [InlineData(5, 11, 0, 7, 9)]
    public void A_snoozed_lesson_comes_back_at_the_next_working_half_day(int day, int hour, int minute, int backDay, int backHour)
    {
        Assert.Equal(At(backDay, backHour), PacingPolicy.SnoozedUntil(Seller(), At(day, hour, minute)));
    }

    [Fact]
    public void After_seven_quiet_days_an_evergreen_lesson_is_due()
    {
        Assert.True(PacingPolicy.EvergreenDue(Seller(), At(1, 9)));
        Assert.True(PacingPolicy.EvergreenDue(Seller(sends: [Sent(At(1, 9) - TimeSpan.FromDays(7), null)]), At(1, 9)));
        Assert.False(PacingPolicy.EvergreenDue(Seller(sends: [Sent(At(1, 9) - TimeSpan.FromDays(6), null)]), At(1, 9)));
    }

    [Fact]
    public void The_same_lesson_is_never_sent_twice()
    {
        var seller = Seller(sends: [Sent(At(30, 9), lesson: "northwind-joint-value")]);

        Assert.True(PacingPolicy.AlreadyReceived(seller, "northwind-joint-value"));
        Assert.False(PacingPolicy.AlreadyReceived(seller, "northwind-qualify-cosell"));
    }

    [Fact]
    public void Across_the_autumn_clock_change_working_hours_stay_nine_to_five_local()
    {
        var meeting = Local(Berlin, 10, 26, 13, 0);

        var at = SendTime(PacingPolicy.ForMeeting(Seller(), meeting, Local(Berlin, 10, 23, 12, 0)));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 11, 0, 0, TimeSpan.FromHours(1)), at);
    }

    [Fact]
    public void Working_time_is_counted_in_local_hours_across_the_spring_clock_change()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var calendar = new WorkingCalendar(newYork, PacingRules.Default);

        var fourWorkingHoursLater = calendar.AddWorkingTime(new DateTimeOffset(2026, 3, 6, 14, 0, 0, TimeSpan.FromHours(-5)), TimeSpan.FromHours(4));

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(-4)), fourWorkingHoursLater);
    }

    [Theory]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/St_Johns")]
    public void Half_hour_offset_time_zones_use_their_own_wall_clock(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var meeting = Local(zone, 12, 2, 15, 0);
        var seller = Seller(zone: zone);

        Assert.Equal(Local(zone, 12, 2, 13, 0), SendTime(PacingPolicy.ForMeeting(seller, meeting, Local(zone, 11, 30, 8, 0))));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, Local(zone, 12, 1, 16, 44)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, Local(zone, 12, 1, 16, 46)));
    }

    [Fact]
    public void A_seller_who_works_sunday_to_thursday_gets_lessons_on_sunday()
    {
        var rules = PacingRules.Default with
        {
            WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday },
        };

        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(Seller(rules: rules), At(29, 10)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(Seller(rules: rules), At(4, 10)));
    }

    [Fact]
    public void All_day_busy_time_blocks_the_whole_day()
    {
        var seller = Seller([new TimeRange(At(1, 0), At(2, 0))]);

        Assert.Equal(At(30, 16, 45), SendTime(PacingPolicy.ForMeeting(seller, At(2, 9), At(29, 12))));
    }

    [Fact]
    public void Exactly_two_hours_before_the_meeting_is_the_last_moment_and_a_minute_later_there_is_none()
    {
        var meeting = Busy(1, 11, 0, 12, 0);
        var seller = Seller([meeting]);

        Assert.Equal(At(1, 9), SendTime(PacingPolicy.ForMeeting(seller, meeting.Start, At(1, 9))));
        Assert.Contains("less than 2 h away", NoSlotReason(PacingPolicy.ForMeeting(seller, meeting.Start, At(1, 9, 1))), StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_forty_eight_hours_before_is_the_first_moment_and_a_minute_earlier_does_not_count()
    {
        var meeting = Busy(2, 15, 0, 16, 0);
        var fifteenFreeAtTheEdge = Seller([meeting, new TimeRange(At(30, 15, 15), At(2, 15))]);
        var fourteenFreeAtTheEdge = Seller([meeting, new TimeRange(At(30, 15, 14), At(2, 15))]);

        Assert.Equal(At(30, 15), SendTime(PacingPolicy.ForMeeting(fifteenFreeAtTheEdge, meeting.Start, At(29, 12))));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.ForMeeting(fourteenFreeAtTheEdge, meeting.Start, At(29, 12)));
    }

    [Fact]
    public void A_lesson_finished_at_ten_frees_the_slot_at_ten_not_a_tick_earlier()
    {
        var rules = PacingRules.Default with { MaxLessonsPerDay = 5, MaxLessonsPerWeek = 10, MinWorkingTimeBetweenLessons = TimeSpan.Zero };
        var seller = Seller(sends: [Sent(At(30, 9), At(1, 10)), Sent(At(30, 10))], rules: rules);

        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, At(1, 9, 59)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, At(1, 10)));
    }

    [Fact]
    public void A_pause_that_ends_mid_morning_lets_the_first_lesson_out_at_its_end()
    {
        var paused = Seller(pausedUntil: At(1, 11, 20));

        Assert.Equal(At(1, 11, 20), SendTime(PacingPolicy.Earliest(paused, At(1, 8), At(4, 17))));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(paused, At(1, 11, 19)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(paused, At(1, 11, 20)));
    }

    [Theory]
    [InlineData(1, 9, 0, 1, 13)]
    [InlineData(1, 13, 0, 2, 9)]
    [InlineData(1, 17, 0, 2, 9)]
    public void A_lesson_snoozed_exactly_at_a_half_day_start_comes_back_at_the_next_one(int day, int hour, int minute, int backDay, int backHour)
    {
        Assert.Equal(At(backDay, backHour), PacingPolicy.SnoozedUntil(Seller(), At(day, hour, minute)));
    }

    [Fact]
    public void A_seller_with_their_own_hours_has_half_days_split_at_their_own_midpoint()
    {
        var rules = PacingRules.Default with { WorkdayStart = new TimeOnly(10, 0), WorkdayEnd = new TimeOnly(16, 0) };

        Assert.Equal(At(1, 13), PacingPolicy.SnoozedUntil(Seller(rules: rules), At(1, 10, 30)));
        Assert.Equal(At(2, 10), PacingPolicy.SnoozedUntil(Seller(rules: rules), At(1, 13, 5)));
    }

    [Fact]
    public void Across_the_spring_clock_change_the_lesson_stays_at_local_hours_and_four_working_hours_span_the_weekend()
    {
        var meeting = Local(Berlin, 3, 30, 15, 0);
        var friday = Seller(sends: [Sent(Local(Berlin, 3, 27, 15, 0), Local(Berlin, 3, 27, 15, 10))]);

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 13, 0, 0, TimeSpan.FromHours(2)), SendTime(PacingPolicy.ForMeeting(Seller(), meeting, Local(Berlin, 3, 26, 12, 0))));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(friday, Local(Berlin, 3, 30, 10, 59)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(friday, Local(Berlin, 3, 30, 11, 0)));
    }

    [Fact]
    public void A_snooze_over_the_autumn_clock_change_comes_back_at_nine_local()
    {
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.FromHours(1)), PacingPolicy.SnoozedUntil(Seller(), Local(Berlin, 10, 23, 15, 0)));
    }

    [Fact]
    public void In_adelaide_a_half_hour_zone_with_daylight_saving_working_hours_follow_the_local_clock_across_the_change()
    {
        var adelaide = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var seller = Seller(zone: adelaide);

        Assert.Equal(new DateTimeOffset(2026, 10, 5, 11, 0, 0, TimeSpan.FromHours(10.5)),
            SendTime(PacingPolicy.ForMeeting(seller, Local(adelaide, 10, 5, 13, 0), Local(adelaide, 10, 2, 8, 0))));
        Assert.Equal(TimeSpan.FromHours(9.5), Local(adelaide, 10, 2, 16, 44).Offset);
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, Local(adelaide, 10, 2, 16, 44)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, Local(adelaide, 10, 2, 16, 46)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, Local(adelaide, 10, 5, 9, 0)));
        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, Local(adelaide, 10, 5, 8, 59)));
    }

    [Fact]
    public void In_kathmandu_at_a_quarter_hour_offset_the_day_cap_counts_local_days()
    {
        var kathmandu = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu");
        var seller = Seller(zone: kathmandu, sends: [Sent(Local(kathmandu, 12, 1, 9, 0), Local(kathmandu, 12, 1, 9, 10))]);

        Assert.IsType<PacingDecision.NoSlot>(PacingPolicy.Check(seller, Local(kathmandu, 12, 1, 16, 44)));
        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(seller, Local(kathmandu, 12, 2, 9, 0)));
    }

    [Fact]
    public void Lessons_the_seller_pulled_do_not_count_toward_the_unfinished_limit_but_sent_ones_do()
    {
        var pulled = Seller(sends: [new LessonSend("a", At(30, 9), null, Pulled: true), new LessonSend("b", At(30, 9, 30), null, Pulled: true)]);
        var sent = Seller(sends: [Sent(At(30, 9), lesson: "a"), Sent(At(30, 9, 30), lesson: "b")]);

        Assert.IsType<PacingDecision.Send>(PacingPolicy.Check(pulled, At(1, 10)));
        Assert.Equal("2 lessons sent earlier are still unfinished", NoSlotReason(PacingPolicy.Check(sent, At(1, 10))));
    }
}

public sealed class PacingOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new PacingOptionsValidator().Validate(null, new PacingOptions()).Succeeded);
    }

    [Fact]
    public void A_workday_that_ends_before_it_starts_names_both_settings()
    {
        var result = new PacingOptionsValidator().Validate(null, new PacingOptions { WorkdayStart = new(17, 0), WorkdayEnd = new(9, 0) });

        Assert.Contains(result.Failures!, f => f.Contains("Pacing:WorkdayEnd", StringComparison.Ordinal) && f.Contains("Pacing:WorkdayStart", StringComparison.Ordinal));
    }

    [Fact]
    public void A_send_time_grace_as_long_as_the_free_time_ahead_is_refused()
    {
        var result = new PacingOptionsValidator().Validate(null, new PacingOptions { SendTimeGrace = TimeSpan.FromMinutes(15) });

        Assert.Contains(result.Failures!, f => f.Contains("Pacing:SendTimeGrace", StringComparison.Ordinal));
    }
}

public sealed class SellerPacingTests
{
    [Fact]
    public void A_seller_may_narrow_hours_and_caps_but_not_raise_them_or_end_before_starting()
    {
        var narrowed = SellerPacing.Apply(PacingRules.Default,
            """{"workday_start":"10:00","workday_end":"16:00","working_days":["tuesday"],"max_lessons_per_day":5,"max_lessons_per_week":2}""");
        var backwards = SellerPacing.Apply(PacingRules.Default, """{"workday_start":"15:00","workday_end":"14:00"}""");

        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(16, 0)), (narrowed.WorkdayStart, narrowed.WorkdayEnd));
        Assert.Equal([DayOfWeek.Tuesday], narrowed.WorkingDays);
        Assert.Equal((1, 2), (narrowed.MaxLessonsPerDay, narrowed.MaxLessonsPerWeek));
        Assert.Equal((PacingRules.Default.WorkdayStart, PacingRules.Default.WorkdayEnd), (backwards.WorkdayStart, backwards.WorkdayEnd));
    }
}
