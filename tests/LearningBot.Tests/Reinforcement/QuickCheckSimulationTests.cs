using System.Globalization;
using System.Text.Json;
using LearningBot.CommandLine;
using LearningBot.Content;
using LearningBot.Delivery.Simulation;
using LearningBot.Meetings;
using LearningBot.Reinforcement;

namespace LearningBot.Tests.Reinforcement;

/// <summary>
/// learningbot simulate over the seed calendars with a seller who misses every question the first time: checked from
/// the output alone, against the calendars and FSRS written out again.
/// </summary>
public sealed class QuickCheckSimulationTests
{
    private static readonly string Seeds = SeedDirectory.Find(null, [AppContext.BaseDirectory])
        ?? throw new InvalidOperationException("The repository's seeds/ folder was not found above the test output.");

    public static TheoryData<string, string> Sellers => new()
    {
        { "maya.chen", "America/New_York" },
        { "tom.okafor", "Europe/London" },
        { "priya.raman", "America/Los_Angeles" },
        { "lukas.becker", "Europe/Berlin" },
    };

    private static List<JsonElement> Simulate(string seller, string zone, string answers)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SimulateCommand.Run(new SimulationArguments(
            Seeds, [Path.Combine(Seeds, "calendars", seller + ".ics")], Path.Combine(Seeds, "opportunities.csv"), $"{seller}@brightlinecloud.com",
            zone, "2026-12-07", 14, "30m", null, answers), null, output, error);
        Assert.True(exit == 0, error.ToString());
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static DateTimeOffset Time(JsonElement line, string name) => DateTimeOffset.Parse(line.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static bool IsQuickCheckSend(JsonElement line) =>
        line.GetProperty("kind").GetString() == "send" && line.TryGetProperty("delivery", out var d) && d.GetString() == "quick-check";

    [Theory]
    [MemberData(nameof(Sellers))]
    public void Missed_questions_come_back_on_their_FSRS_dates_at_most_twice_a_day_never_in_a_meeting(string seller, string zone)
    {
        var lines = Simulate(seller, zone, "first-wrong");
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var checks = lines.Where(IsQuickCheckSend).ToList();
        var reviews = lines.Where(l => l.GetProperty("kind").GetString() == "review").ToList();
        Assert.NotEmpty(checks);

        Assert.All(checks.GroupBy(c => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time(c, "at"), tz).DateTime)), day => Assert.True(day.Count() <= 2));
        var busy = IcsCalendarReader.Read(File.ReadAllText(Path.Combine(Seeds, "calendars", seller + ".ics")), $"{seller}@brightlinecloud.com",
                new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(30), tz)
            .Where(e => !e.Cancelled && !e.AllDay).ToList();
        Assert.All(checks, c => Assert.DoesNotContain(busy, m => m.StartsAt <= Time(c, "at") && Time(c, "at") < m.EndsAt));

        // Each question's first answer (in the lesson card) is wrong; every later review is a quick check, none before its due date
        // unless it is a recall before a meeting.
        foreach (var question in reviews.GroupBy(r => (r.GetProperty("lesson").GetString(), r.GetProperty("question").GetInt32())))
        {
            var ordered = question.OrderBy(r => Time(r, "at")).ToList();
            Assert.Equal("again", ordered[0].GetProperty("grade").GetString());
            Assert.Equal(0, ordered[0].GetProperty("elapsed_days").GetDouble());
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.Equal("good", ordered[i].GetProperty("grade").GetString());
                var recall = ordered[i].GetProperty("reason").GetString()!.StartsWith("Before ", StringComparison.Ordinal);
                Assert.True(recall || Time(ordered[i], "at") >= Time(ordered[i - 1], "next_due"),
                    $"{question.Key} was asked again before it was due: {ordered[i]}");
            }
        }
        var missed = reviews.Count(r => r.GetProperty("grade").GetString() == "again" && Time(r, "next_due") < new DateTimeOffset(2026, 12, 17, 0, 0, 0, TimeSpan.Zero));
        Assert.True(reviews.Count(r => r.GetProperty("grade").GetString() == "good") >= missed / 2,
            "most questions missed in the first week come back within the fortnight");
    }

    [Theory]
    [MemberData(nameof(Sellers))]
    public void A_partner_meeting_whose_predicted_recall_is_below_target_gets_one_recall_between_24_and_2_hours_before(string seller, string zone)
    {
        var lines = Simulate(seller, zone, "first-wrong");
        var fsrs = new Fsrs();
        var partnerOf = lines.Where(l => l.GetProperty("kind").GetString() == "send" && l.GetProperty("partner").ValueKind == JsonValueKind.String)
            .GroupBy(l => l.GetProperty("lesson").GetString()!).ToDictionary(g => g.Key, g => g.First().GetProperty("partner").GetString()!);
        var meetings = lines.Where(l => l.GetProperty("kind").GetString() == "send" && l.GetProperty("meeting").ValueKind == JsonValueKind.String
                && l.GetProperty("partner").ValueKind == JsonValueKind.String)
            .Select(l => (Uid: l.GetProperty("meeting").GetString()!, Start: Time(l, "meeting_start"), Partner: l.GetProperty("partner").GetString()!))
            .Distinct().ToList();
        var reviews = lines.Where(l => l.GetProperty("kind").GetString() == "review").ToList();
        var recalls = lines.Where(l => IsQuickCheckSend(l) && l.GetProperty("reason").GetString()!.StartsWith("Before ", StringComparison.Ordinal)).ToList();

        var needed = 0;
        foreach (var meeting in meetings)
        {
            // What the planner knew a day before the meeting: the latest review of each of the partner's questions by then.
            var known = reviews.Where(r => partnerOf.GetValueOrDefault(r.GetProperty("lesson").GetString()!) == meeting.Partner
                    && Time(r, "at") <= meeting.Start - TimeSpan.FromHours(24))
                .GroupBy(r => (r.GetProperty("lesson").GetString(), r.GetProperty("question").GetInt32()))
                .Select(g => g.MaxBy(r => Time(r, "at")))
                .Select(r => fsrs.Retrievability((meeting.Start - Time(r, "at")).TotalDays, r.GetProperty("stability").GetDouble()))
                .ToList();
            var forMeeting = recalls.Where(r => r.GetProperty("meeting").GetString() == meeting.Uid).ToList();
            Assert.True(forMeeting.Count <= 1, $"more than one recall before {meeting.Uid}");
            if (known.Count == 0 || known.Min() >= 0.9)
                continue;
            needed++;
            var recall = Assert.Single(forMeeting);
            Assert.InRange(Time(recall, "at"), meeting.Start - TimeSpan.FromHours(24), meeting.Start - TimeSpan.FromHours(2));
            Assert.Matches(@"predicted recall at the meeting \d+%", recall.GetProperty("reason").GetString()!);
        }
        Assert.All(recalls, r => Assert.Contains(meetings, m => m.Uid == r.GetProperty("meeting").GetString()));
        _ = needed;
    }

    [Fact]
    public void Every_review_line_has_the_documented_fields_and_a_seller_who_is_always_right_is_asked_less()
    {
        var right = Simulate("tom.okafor", "Europe/London", "right");
        var wrong = Simulate("tom.okafor", "Europe/London", "wrong");

        var review = right.First(l => l.GetProperty("kind").GetString() == "review");
        Assert.Equal(
            ["kind", "at", "seller", "lesson", "question", "grade", "elapsed_days", "stability", "difficulty", "retrievability", "next_due", "meeting", "reason"],
            review.EnumerateObject().Select(p => p.Name));
        Assert.True(right.Count(IsQuickCheckSend) < wrong.Count(IsQuickCheckSend));
        Assert.Equal("--answers \"sometimes\" is not one of right, wrong, first-wrong, alternate",
            Assert.Throws<SimulationInputException>(() => SimulatedAnswersExtensions.Parse("sometimes")).Message);
    }
}
