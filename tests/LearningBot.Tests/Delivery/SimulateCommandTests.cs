using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using LearningBot.CommandLine;
using LearningBot.Content;
using LearningBot.Delivery.Simulation;
using LearningBot.Meetings;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Delivery;

/// <summary>
/// learningbot simulate over the seed library and calendars. The rules are checked here from the output alone, with
/// the default pacing written out again, not by asking the policy that produced it.
/// </summary>
public sealed class SimulateCommandTests
{
    private static readonly string Seeds = SeedDirectory.Find(null, [AppContext.BaseDirectory])
        ?? throw new InvalidOperationException("The repository's seeds/ folder was not found above the test output.");

    private static readonly TimeOnly DayStart = new(9, 0), DayEnd = new(17, 0);

    public static TheoryData<string, string, string> Sellers => new()
    {
        { "maya.chen", "America/New_York", "30m" },
        { "tom.okafor", "Europe/London", "30m" },
        { "priya.raman", "America/Los_Angeles", "30m" },
        { "lukas.becker", "Europe/Berlin", "30m" },
        { "maya.chen", "America/New_York", "never" },
        { "lukas.becker", "Europe/Berlin", "never" },
        { "priya.raman", "Asia/Kolkata", "2h" },
    };

    private sealed record Line(string Kind, DateTimeOffset At, string Seller, string? Lesson, string? Partner, string? Meeting, DateTimeOffset? MeetingStart, string Reason);

    private static SimulationArguments Arguments(string seller, string zone, string completeAfter = "30m", string? pacing = null) => new(
        Seeds, [Path.Combine(Seeds, "calendars", seller + ".ics")], Path.Combine(Seeds, "opportunities.csv"), $"{seller}@brightlinecloud.com",
        zone, "2026-12-07", 14, completeAfter, pacing);

    private static (int Exit, List<Line> Lines, string Error) Simulate(SimulationArguments arguments, string? chart = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SimulateCommand.Run(arguments, chart, output, error);
        // Quick checks and their reviews have tests of their own (Reinforcement/QuickCheckSimulationTests); these pin the lessons.
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("{\"kind\":\"review\"", StringComparison.Ordinal) && !l.Contains("\"delivery\":\"quick-check\"", StringComparison.Ordinal))
            .Select(Parse).ToList();
        return (exit, lines, error.ToString());
    }

    private static Line Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["kind", "at", "seller", "lesson", "partner", "meeting", "meeting_start", "reason"], root.EnumerateObject().Select(p => p.Name));
        string? Text(string name) => root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : root.GetProperty(name).GetString();
        DateTimeOffset? Time(string name) => Text(name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
        return new Line(Text("kind")!, Time("at")!.Value, Text("seller")!, Text("lesson"), Text("partner"), Text("meeting"), Time("meeting_start"), Text("reason")!);
    }

    private static IReadOnlyList<CalendarEntry> Calendar(string seller, TimeZoneInfo zone) =>
        IcsCalendarReader.Read(File.ReadAllText(Path.Combine(Seeds, "calendars", seller + ".ics")), $"{seller}@brightlinecloud.com",
            new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(30), zone);

    private static DateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private static bool WorkingDay(DateTime local) => local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Working time (Mon–Fri 09:00–17:00 local) between two instants, summed day by day.</summary>
    private static TimeSpan WorkingTimeBetween(DateTimeOffset a, DateTimeOffset b, TimeZoneInfo zone)
    {
        var total = TimeSpan.Zero;
        for (var day = Local(a, zone).Date; day <= Local(b, zone).Date; day = day.AddDays(1))
        {
            if (!WorkingDay(day))
                continue;
            var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day + DayStart.ToTimeSpan(), zone));
            var end = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day + DayEnd.ToTimeSpan(), zone));
            var from = start > a ? start : a;
            var until = end < b ? end : b;
            if (until > from)
                total += until - from;
        }
        return total;
    }

    [Theory]
    [MemberData(nameof(Sellers))]
    public void Every_send_over_the_seed_calendars_satisfies_every_pacing_rule(string seller, string zoneId, string completeAfter)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (exit, lines, error) = Simulate(Arguments(seller, zoneId, completeAfter));
        var sends = lines.Where(l => l.Kind == "send").ToList();
        var meetings = Calendar(seller, zone).Where(e => !e.Cancelled).ToList();
        var finishes = SimulationInputs.ParseCompleteAfter(completeAfter);

        Assert.Equal((0, ""), (exit, error));
        Assert.NotEmpty(sends);
        Assert.Equal(lines.OrderBy(l => l.At), lines);
        Assert.Equal(sends.Count, sends.Select(s => s.Lesson).Distinct().Count());
        for (var i = 0; i < sends.Count; i++)
        {
            var send = sends[i];
            var local = Local(send.At, zone);
            Assert.True(WorkingDay(local) && TimeOnly.FromDateTime(local) >= DayStart && TimeOnly.FromDateTime(local.AddMinutes(15)) <= DayEnd,
                $"{send.Lesson} at {local} is outside working hours or leaves less than 15 minutes");
            Assert.DoesNotContain(meetings, m => m.StartsAt < send.At + TimeSpan.FromMinutes(15) && m.EndsAt > send.At);
            Assert.True(sends.Count(s => Local(s.At, zone).Date == local.Date) <= 1, $"two lessons on {local:yyyy-MM-dd}");
            var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
            Assert.True(sends.Count(s => Local(s.At, zone).Date >= monday && Local(s.At, zone).Date < monday.AddDays(7)) <= 3, $"more than 3 lessons in the week of {monday:yyyy-MM-dd}");
            if (i > 0)
                Assert.True(WorkingTimeBetween(sends[i - 1].At, send.At, zone) >= TimeSpan.FromHours(4), $"{send.Lesson} less than 4 working hours after {sends[i - 1].Lesson}");
            var unfinished = sends.Take(i).Count(s => finishes is not { } after || s.At + after > send.At);
            Assert.True(unfinished < 2, $"{send.Lesson} went out with {unfinished} lessons unfinished");
            if (send.MeetingStart is { } start)
                Assert.InRange(send.At, start - TimeSpan.FromHours(48), start - TimeSpan.FromHours(2));
            Assert.False(string.IsNullOrWhiteSpace(send.Reason));
        }
    }

    [Theory]
    [MemberData(nameof(Sellers))]
    public void Every_partner_meeting_gets_a_send_or_a_skip_with_a_reason_and_other_meetings_get_nothing(string seller, string zoneId, string completeAfter)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (_, lines, _) = Simulate(Arguments(seller, zoneId, completeAfter));
        var library = ContentLoader.Load(Seeds, 7m);
        var partners = library.Partners.Select(p => new MatchablePartner(p.Id, p.Name, p.Aliases, p.Domains)).ToList();
        var opportunities = File.ReadAllLines(Path.Combine(Seeds, "opportunities.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(c => new OpenOpportunity(c[0], c[1])).ToList();
        var from = new DateTimeOffset(new DateTime(2026, 12, 7), zone.GetUtcOffset(new DateTime(2026, 12, 7)));
        var inPeriod = Calendar(seller, zone).Where(e => e.StartsAt > from && e.StartsAt < from.AddDays(14) && !e.AllDay).ToList();
        bool Internal(CalendarEntry e) => e.AttendeeEmails.All(a => a.EndsWith("@brightlinecloud.com", StringComparison.Ordinal));

        var partnerMeetings = inPeriod.Where(e => !e.Cancelled
            && MeetingMatcher.Match(new MeetingFacts(e.Title, e.Description, e.AttendeeEmails, "brightlinecloud.com"), partners, opportunities).Count > 0).ToList();
        var others = inPeriod.Except(partnerMeetings).ToList();

        Assert.NotEmpty(partnerMeetings);
        Assert.Contains(others, Internal);
        foreach (var meeting in partnerMeetings)
        {
            var about = lines.Where(l => l.Meeting == meeting.ExternalUid).ToList();
            Assert.True(about.Count == 1, $"{meeting.Title} has {about.Count} decisions: {string.Join(" | ", about.Select(a => a.Reason))}");
            Assert.StartsWith($"Before {meeting.Title}, ", about[0].Reason, StringComparison.Ordinal);
            Assert.Equal(meeting.StartsAt, about[0].MeetingStart);
            if (about[0].Kind == "skip")
                Assert.Contains("skipped", about[0].Reason, StringComparison.Ordinal);
        }
        foreach (var meeting in others)
            Assert.DoesNotContain(lines, l => l.Meeting == meeting.ExternalUid);
    }

    [Fact]
    public void A_seller_who_never_finishes_gets_two_lessons_and_then_skips_that_say_why()
    {
        var (_, lines, _) = Simulate(Arguments("priya.raman", "America/Los_Angeles", "never"));

        Assert.Equal(2, lines.Count(l => l.Kind == "send"));
        Assert.Contains(lines, l => l.Kind == "skip" && l.Reason.Contains("2 lessons sent earlier are still unfinished", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pacing_file_changes_the_rules_the_simulation_runs_under()
    {
        var pacing = Path.Combine(Path.GetTempPath(), $"pacing-{Guid.NewGuid():N}.json");
        File.WriteAllText(pacing, """{ "Pacing": { "WorkdayStart": "10:00", "MaxLessonsPerWeek": 1 } }""");
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var (exit, lines, _) = Simulate(Arguments("lukas.becker", "Europe/Berlin", pacing: pacing));

            var sends = lines.Where(l => l.Kind == "send").ToList();
            Assert.Equal(0, exit);
            Assert.Equal(2, sends.Count);
            Assert.All(sends, s => Assert.True(Local(s.At, zone).Hour >= 10));
        }
        finally
        {
            File.Delete(pacing);
        }
    }

    [Theory]
    [InlineData("tz", "Mars/Olympus_Mons", "--tz \"Mars/Olympus_Mons\" is not a time zone")]
    [InlineData("from", "07/12/2026", "--from \"07/12/2026\" is not a date")]
    [InlineData("complete", "soon", "--complete-after \"soon\" is not a duration")]
    [InlineData("calendar", "missing.ics", "cannot read missing.ics")]
    [InlineData("pacing", "{\"MaxLessonsPerDay\": 0}", "Pacing:MaxLessonsPerDay must be at least 1")]
    [InlineData("content", "no-such-dir", "cannot read \"no-such-dir\"")]
    public void Bad_input_is_one_line_on_standard_error_exit_1_and_no_output(string what, string value, string message)
    {
        var pacing = Path.Combine(Path.GetTempPath(), $"pacing-{Guid.NewGuid():N}.json");
        File.WriteAllText(pacing, value);
        var arguments = Arguments("maya.chen", "America/New_York");
        arguments = what switch
        {
            "tz" => arguments with { TimeZone = value },
            "from" => arguments with { From = value },
            "complete" => arguments with { CompleteAfter = value },
            "calendar" => arguments with { Calendars = [value] },
            "pacing" => arguments with { Pacing = pacing },
            _ => arguments with { ContentDirectory = value },
        };
        try
        {
            var (exit, lines, error) = Simulate(arguments);

            Assert.Equal(1, exit);
            Assert.Empty(lines);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("learningbot: error: ", error, StringComparison.Ordinal);
            Assert.Contains(message, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pacing);
        }
    }

    [Fact]
    public void The_chart_draws_every_meeting_of_the_period_and_a_marker_per_decision()
    {
        var chart = Path.Combine(Path.GetTempPath(), $"chart-{Guid.NewGuid():N}.svg");
        try
        {
            var (exit, lines, _) = Simulate(Arguments("maya.chen", "America/New_York", "never"), chart);

            var svg = XDocument.Load(chart);
            XNamespace ns = "http://www.w3.org/2000/svg";
            var titles = svg.Descendants(ns + "title").Select(t => t.Value).ToList();
            Assert.Equal(0, exit);
            Assert.Contains(titles, t => t.StartsWith("Contoso analytics discovery, 10:00–11:00: Northwind Data", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("Internal: forecast call", StringComparison.Ordinal) && t.EndsWith("no partner", StringComparison.Ordinal));
            Assert.Equal(lines.Count, titles.Count(t => t.StartsWith("send ", StringComparison.Ordinal) || t.StartsWith("skip ", StringComparison.Ordinal)));
            Assert.Equal(14, svg.Descendants(ns + "text").Count(t => t.Value.StartsWith("Mon ", StringComparison.Ordinal)
                || t.Value.StartsWith("Tue ", StringComparison.Ordinal) || t.Value.StartsWith("Wed ", StringComparison.Ordinal)
                || t.Value.StartsWith("Thu ", StringComparison.Ordinal) || t.Value.StartsWith("Fri ", StringComparison.Ordinal)
                || t.Value.StartsWith("Sat ", StringComparison.Ordinal) || t.Value.StartsWith("Sun ", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public async Task The_simulate_verb_runs_from_the_command_line()
    {
        var calendar = Path.Combine(Seeds, "calendars", "tom.okafor.ics");
        var (exit, output, error) = await BotProcess.RunAsync(
            ["simulate", "--content", Seeds, "--calendar", calendar, "--opportunities", Path.Combine(Seeds, "opportunities.csv"),
             "--seller", "tom.okafor@brightlinecloud.com", "--tz", "Europe/London", "--from", "2026-12-07", "--days", "14"],
            TimeSpan.FromSeconds(60));

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("\"kind\":\"send\",\"at\":\"2026-12-08T12:00:00+00:00\",\"seller\":\"tom.okafor@brightlinecloud.com\"", output, StringComparison.Ordinal);
    }
}
