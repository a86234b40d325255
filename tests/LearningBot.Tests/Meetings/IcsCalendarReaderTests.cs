using LearningBot.Meetings;

namespace LearningBot.Tests.Meetings;

public sealed class IcsCalendarReaderTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private const string Maya = "maya.chen@brightlinecloud.com";
    private const string Sync = "0a1b2c3d4e5f@google.com";

    private static IReadOnlyList<CalendarEntry> Google() =>
        IcsCalendarReader.Read(CalendarFixtures.Google, Maya, Utc(2027, 3, 8, 0), TimeSpan.FromDays(14), NewYork);

    private static IReadOnlyList<CalendarEntry> Outlook() =>
        IcsCalendarReader.Read(CalendarFixtures.Outlook, "lukas.becker@brightlinecloud.com", Utc(2027, 3, 22, 0), TimeSpan.FromDays(14), Berlin);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Google_export_yields_exactly_the_entries_in_the_window()
    {
        Assert.Equal(
            [$"{Sync}/20270309T150000Z", $"{Sync}/20270311T150000Z", "fabrikam-intro@google.com", "dayoff-20270312@google.com",
             "contoso-northwind@google.com", $"{Sync}/20270318T140000Z"],
            Google().Select(e => e.ExternalUid));
    }

    [Fact]
    public void Recurring_instances_keep_their_local_time_across_the_daylight_saving_change()
    {
        var entries = Google().ToDictionary(e => e.ExternalUid);

        Assert.Equal(Utc(2027, 3, 11, 15), entries[$"{Sync}/20270311T150000Z"].StartsAt);
        Assert.Equal(Utc(2027, 3, 11, 15, 30), entries[$"{Sync}/20270311T150000Z"].EndsAt);
        Assert.Equal(Utc(2027, 3, 18, 14), entries[$"{Sync}/20270318T140000Z"].StartsAt);
    }

    [Fact]
    public void Moved_instance_keeps_the_uid_of_its_original_slot_and_takes_the_new_time_and_title()
    {
        var moved = Google().Single(e => e.ExternalUid == $"{Sync}/20270309T150000Z");

        Assert.Equal(Utc(2027, 3, 10, 19), moved.StartsAt);
        Assert.Equal("Contoso weekly sync (moved)", moved.Title);
        Assert.False(moved.Cancelled);
    }

    [Fact]
    public void Excluded_date_produces_no_entry()
    {
        Assert.DoesNotContain(Google(), e => e.StartsAt.Date == new DateTime(2027, 3, 16));
    }

    [Fact]
    public void Cancelled_instance_is_kept_and_marked_cancelled()
    {
        Assert.True(Google().Single(e => e.ExternalUid == $"{Sync}/20270318T140000Z").Cancelled);
    }

    [Fact]
    public void Event_the_seller_declined_is_cancelled_even_though_the_calendar_confirms_it()
    {
        var declined = Google().Single(e => e.ExternalUid == "fabrikam-intro@google.com");

        Assert.True(declined.Cancelled);
        Assert.Equal(["raj.patel@fabrikam.com", "maya.chen@brightlinecloud.com"], declined.AttendeeEmails);
    }

    [Fact]
    public void All_day_event_is_flagged_and_spans_the_sellers_local_day()
    {
        var dayOff = Google().Single(e => e.ExternalUid == "dayoff-20270312@google.com");

        Assert.True(dayOff.AllDay);
        Assert.Equal(Utc(2027, 3, 12, 5), dayOff.StartsAt);
        Assert.Equal(Utc(2027, 3, 13, 5), dayOff.EndsAt);
    }

    [Fact]
    public void Attendees_include_the_organizer_once_in_lower_case_and_text_is_unescaped()
    {
        var pitch = Google().Single(e => e.ExternalUid == "contoso-northwind@google.com");

        Assert.Equal(["maya.chen@brightlinecloud.com", "rep@northwinddata.com", "dana.white@contoso.com"], pitch.AttendeeEmails);
        Assert.Equal("Joint pitch, bring the benchmark.", pitch.Description);
        Assert.False(pitch.AllDay);
        Assert.False(pitch.Cancelled);
    }

    [Fact]
    public void Outlook_windows_zone_names_resolve_and_recurrences_follow_the_european_change()
    {
        var review = Outlook().Where(e => e.Title == "Pipeline review").Select(e => e.StartsAt);

        Assert.Equal([Utc(2027, 3, 22, 8), Utc(2027, 3, 24, 8), Utc(2027, 3, 29, 7)], review);
    }

    [Fact]
    public void Outlook_single_event_and_all_day_event_land_in_the_right_zone()
    {
        var entries = Outlook().Where(e => e.Title != "Pipeline review").ToDictionary(e => e.Title);

        Assert.Equal(Utc(2027, 3, 30, 13), entries["Tailspin Toys + NWD architecture session"].StartsAt);
        Assert.Equal("Agenda:\nsemantic layer walkthrough", entries["Tailspin Toys + NWD architecture session"].Description);
        Assert.True(entries["Kickoff offsite"].AllDay);
        Assert.Equal(Utc(2027, 3, 24, 23), entries["Kickoff offsite"].StartsAt);
    }

    [Fact]
    public void Text_that_is_not_an_icalendar_is_rejected_with_a_reason()
    {
        Assert.Throws<CalendarFormatException>(() =>
            IcsCalendarReader.Read("<html>login required</html>", Maya, Utc(2027, 3, 8, 0), TimeSpan.FromDays(14), NewYork));
    }

    [Theory]
    [InlineData("<html><body>Sign in to continue</body></html>", "no BEGIN:VCALENDAR")]
    [InlineData("", "no BEGIN:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20270309T150000Z\n", "cut short")]
    public void Sign_in_pages_and_cut_short_downloads_are_refused_rather_than_read_as_empty(string text, string reason)
    {
        var error = Assert.Throws<CalendarFormatException>(() =>
            IcsCalendarReader.Read(text, Maya, Utc(2027, 3, 8, 0), TimeSpan.FromDays(14), NewYork));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meeting_rooms_and_resources_are_not_attendees_so_they_cannot_make_an_internal_meeting_external()
    {
        var ics = CalendarFixtures.Google.Replace(
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana.white@contoso.com",
            "ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED;CN=Room 4B:mailto:c_188abc@resource.calendar.google.com\n"
            + "ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana.white@contoso.com", StringComparison.Ordinal);

        var pitch = Assert.Single(IcsCalendarReader.Read(ics, Maya, Utc(2027, 3, 8, 0), TimeSpan.FromDays(14), NewYork),
            e => e.ExternalUid == "contoso-northwind@google.com");

        Assert.Equal(["maya.chen@brightlinecloud.com", "rep@northwinddata.com", "dana.white@contoso.com"], pitch.AttendeeEmails);
    }

    [Fact]
    public void A_cancel_message_cancels_its_events()
    {
        var ics = CalendarFixtures.Google.Replace("METHOD:PUBLISH", "METHOD:CANCEL", StringComparison.Ordinal);

        Assert.All(IcsCalendarReader.Read(ics, Maya, Utc(2027, 3, 8, 0), TimeSpan.FromDays(14), NewYork), e => Assert.True(e.Cancelled));
    }
}
