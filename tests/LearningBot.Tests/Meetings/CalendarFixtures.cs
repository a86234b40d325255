namespace LearningBot.Tests.Meetings;

/// <summary>iCalendar exports shaped like Google's and Outlook's secret addresses serve, around the 2027 DST changes.</summary>
internal static class CalendarFixtures
{
    /// <summary>
    /// Maya (America/New_York), window from Mon 8 Mar 2027 for 14 days (US DST starts Sun 14 Mar). A Tue/Thu 10:00 sync
    /// with one instance moved, one removed by EXDATE and one cancelled; an all-day day off; a meeting Maya declined;
    /// a Northwind meeting in UTC; something a month later.
    /// </summary>
    public const string Google = """
        BEGIN:VCALENDAR
        PRODID:-//Google Inc//Google Calendar 70.9054//EN
        VERSION:2.0
        CALSCALE:GREGORIAN
        METHOD:PUBLISH
        X-WR-CALNAME:maya.chen@brightlinecloud.com
        X-WR-TIMEZONE:America/New_York
        BEGIN:VTIMEZONE
        TZID:America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        DTSTART:19700308T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        DTSTART:19701101T020000
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VEVENT
        DTSTART;TZID=America/New_York:20270302T100000
        DTEND;TZID=America/New_York:20270302T103000
        RRULE:FREQ=WEEKLY;BYDAY=TU,TH
        EXDATE;TZID=America/New_York:20270316T100000
        DTSTAMP:20270301T120000Z
        ORGANIZER;CN=Maya Chen:mailto:maya.chen@brightlinecloud.com
        UID:0a1b2c3d4e5f@google.com
        ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Maya Chen;X-NUM-GUESTS=0:mailto:maya.chen@brightlinecloud.com
        ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Dana White;X-NUM-GUESTS=0:mailto:dana.white@contoso.com
        CREATED:20270301T120000Z
        DESCRIPTION:Weekly check-in on the analytics rollout.
        LAST-MODIFIED:20270301T120000Z
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:Contoso weekly sync
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;TZID=America/New_York:20270310T140000
        DTEND;TZID=America/New_York:20270310T143000
        DTSTAMP:20270301T120000Z
        ORGANIZER;CN=Maya Chen:mailto:maya.chen@brightlinecloud.com
        UID:0a1b2c3d4e5f@google.com
        RECURRENCE-ID;TZID=America/New_York:20270309T100000
        ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Maya Chen;X-NUM-GUESTS=0:mailto:maya.chen@brightlinecloud.com
        ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Dana White;X-NUM-GUESTS=0:mailto:dana.white@contoso.com
        SEQUENCE:1
        STATUS:CONFIRMED
        SUMMARY:Contoso weekly sync (moved)
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;TZID=America/New_York:20270318T100000
        DTEND;TZID=America/New_York:20270318T103000
        DTSTAMP:20270301T120000Z
        UID:0a1b2c3d4e5f@google.com
        RECURRENCE-ID;TZID=America/New_York:20270318T100000
        SEQUENCE:2
        STATUS:CANCELLED
        SUMMARY:Contoso weekly sync
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270312
        DTEND;VALUE=DATE:20270313
        DTSTAMP:20270301T120000Z
        UID:dayoff-20270312@google.com
        SUMMARY:Day off
        TRANSP:TRANSPARENT
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:20270311T180000Z
        DTEND:20270311T183000Z
        DTSTAMP:20270301T120000Z
        ORGANIZER;CN=Raj Patel:mailto:raj.patel@fabrikam.com
        UID:fabrikam-intro@google.com
        ATTENDEE;PARTSTAT=ACCEPTED;CN=Raj Patel:mailto:raj.patel@fabrikam.com
        ATTENDEE;PARTSTAT=DECLINED;CN=Maya Chen:mailto:Maya.Chen@brightlinecloud.com
        STATUS:CONFIRMED
        SUMMARY:Fabrikam intro
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:20270315T170000Z
        DTEND:20270315T180000Z
        DTSTAMP:20270301T120000Z
        ORGANIZER;CN=Maya Chen:mailto:maya.chen@brightlinecloud.com
        UID:contoso-northwind@google.com
        ATTENDEE;PARTSTAT=ACCEPTED;CN=Maya Chen:mailto:maya.chen@brightlinecloud.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:rep@northwinddata.com
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana.white@contoso.com
        DESCRIPTION:Joint pitch\, bring the benchmark.
        STATUS:CONFIRMED
        SUMMARY:Contoso + Northwind joint pitch
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:20270420T170000Z
        DTEND:20270420T180000Z
        DTSTAMP:20270301T120000Z
        UID:later@google.com
        SUMMARY:Far away
        END:VEVENT
        END:VCALENDAR
        """;

    /// <summary>
    /// Lukas (Europe/Berlin) as Outlook exports it: Windows zone names with a VTIMEZONE, CDO all-day flags. Window from
    /// Mon 22 Mar 2027 for 14 days (EU DST starts Sun 28 Mar). A Mon/Wed 09:00 review with 31 Mar excluded.
    /// </summary>
    public const string Outlook = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:Microsoft Exchange Server 2010
        VERSION:2.0
        X-WR-CALNAME:Calendar
        BEGIN:VTIMEZONE
        TZID:W. Europe Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T030000
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        RRULE:FREQ=WEEKLY;UNTIL=20270430T070000Z;INTERVAL=1;BYDAY=MO,WE;WKST=MO
        EXDATE;TZID=W. Europe Standard Time:20270331T090000
        UID:040000008200E00074C5B7101A82E00800000000B0A1C2D3E4F5@outlook
        SUMMARY:Pipeline review
        DTSTART;TZID=W. Europe Standard Time:20270315T090000
        DTEND;TZID=W. Europe Standard Time:20270315T093000
        CLASS:PUBLIC
        PRIORITY:5
        DTSTAMP:20270301T090000Z
        TRANSP:OPAQUE
        STATUS:CONFIRMED
        SEQUENCE:0
        ORGANIZER;CN=Lukas Becker:mailto:lukas.becker@brightlinecloud.com
        ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Sam Ortiz:mailto:sam.ortiz@brightlinecloud.com
        X-MICROSOFT-CDO-BUSYSTATUS:BUSY
        X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
        END:VEVENT
        BEGIN:VEVENT
        UID:040000008200E00074C5B7101A82E00800000000C1D2E3F4A5B6@outlook
        SUMMARY:Tailspin Toys + NWD architecture session
        DESCRIPTION:Agenda:\nsemantic layer walkthrough\n
        DTSTART;TZID=W. Europe Standard Time:20270330T150000
        DTEND;TZID=W. Europe Standard Time:20270330T160000
        DTSTAMP:20270301T090000Z
        STATUS:CONFIRMED
        ORGANIZER;CN=Lukas Becker:mailto:lukas.becker@brightlinecloud.com
        ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Ken:mailto:ken@tailspintoys.com
        X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
        END:VEVENT
        BEGIN:VEVENT
        UID:040000008200E00074C5B7101A82E00800000000D2E3F4A5B6C7@outlook
        SUMMARY:Kickoff offsite
        DTSTART;VALUE=DATE:20270325
        DTEND;VALUE=DATE:20270326
        DTSTAMP:20270301T090000Z
        X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
        X-MICROSOFT-CDO-BUSYSTATUS:OOF
        END:VEVENT
        END:VCALENDAR
        """;
}
