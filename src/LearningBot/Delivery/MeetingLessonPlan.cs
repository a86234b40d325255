namespace LearningBot.Delivery;

/// <summary>An upcoming meeting of the seller, with the partners it involves and why.</summary>
internal sealed record PlannedMeeting(long Id, string Title, DateTimeOffset Start, IReadOnlyList<PartnerMatch> Partners);

internal sealed record PartnerMatch(string PartnerId, string PartnerName, string Reason);

/// <summary>A lesson that can be sent: the current version of a partner lesson.</summary>
internal sealed record LessonOption(string LessonId, int Version, string PartnerId, string ObjectiveKind);

/// <summary>
/// What the planner wants for one meeting: a planned send or a skip, each with its reason. A skip has no lesson when
/// the seller has already had every lesson of the meeting's partners.
/// </summary>
internal sealed record MeetingLessonDecision(
    long MeetingId, string? LessonId, int LessonVersion, string PartnerId, bool Planned, DateTimeOffset DueAt, string Reason);

/// <summary>
/// Turns a seller's upcoming partner meetings into lesson decisions: for each meeting, the partner's next lesson
/// in objective order that the seller has not had, placed by the pacing policy. Pure: no database, no clock.
/// </summary>
internal static class MeetingLessonPlan
{
    public static readonly string[] ObjectiveOrder = ["what-partner-does", "joint-value", "qualify-cosell", "why-partner-helps"];

    /// <param name="settled">Sends that are not being re-planned: sent lessons, and planned ones of other kinds.</param>
    /// <param name="received">Every lesson the seller has had or has coming that this plan must not repeat.</param>
    /// <param name="assumedCompletion">How long after a planned send the seller is assumed to finish it.</param>
    public static IReadOnlyList<MeetingLessonDecision> Decide(
        SellerSchedule settled,
        IEnumerable<PlannedMeeting> meetings,
        IReadOnlyDictionary<string, IReadOnlyList<LessonOption>> lessonsByPartner,
        IReadOnlySet<string> received,
        DateTimeOffset now,
        TimeSpan assumedCompletion)
    {
        var calendar = new WorkingCalendar(settled.TimeZone, settled.Rules);
        var sends = settled.Sends.ToList();
        var taken = new HashSet<string>(received);
        var decisions = new List<MeetingLessonDecision>();

        foreach (var meeting in meetings.Where(m => m.Start > now).OrderBy(m => m.Start).ThenBy(m => m.Id))
        {
            var choice = meeting.Partners
                .OrderBy(p => p.PartnerName, StringComparer.Ordinal)
                .Select(p => (Partner: p, Lesson: NextLesson(p.PartnerId, lessonsByPartner, taken)))
                .FirstOrDefault(c => c.Lesson is not null);
            if (choice.Lesson is not { } lesson)
            {
                var first = meeting.Partners.OrderBy(p => p.PartnerName, StringComparer.Ordinal).First();
                decisions.Add(new MeetingLessonDecision(meeting.Id, null, 0, first.PartnerId, false, meeting.Start,
                    $"Before {meeting.Title}, {calendar.Describe(meeting.Start)}: {first.Reason}; skipped: every lesson of "
                    + $"{string.Join(" and ", meeting.Partners.Select(p => p.PartnerName).Order(StringComparer.Ordinal))} is already sent or planned for this seller"));
                continue;
            }

            var why = $"Before {meeting.Title}, {calendar.Describe(meeting.Start)}: {choice.Partner.Reason}";
            var decision = PacingPolicy.ForMeeting(settled with { Sends = sends }, meeting.Start, now);
            if (decision is PacingDecision.Send send)
            {
                taken.Add(lesson.LessonId);
                sends.Add(new LessonSend(lesson.LessonId, send.At, send.At + assumedCompletion));
                decisions.Add(new MeetingLessonDecision(meeting.Id, lesson.LessonId, lesson.Version, choice.Partner.PartnerId, true, send.At,
                    DeliveryReasons.Planned(why, calendar, send.At, decision.Reason)));
            }
            else
            {
                decisions.Add(new MeetingLessonDecision(meeting.Id, lesson.LessonId, lesson.Version, choice.Partner.PartnerId, false, meeting.Start,
                    DeliveryReasons.Skipped(why, decision.Reason)));
            }
        }
        return decisions;
    }

    private static LessonOption? NextLesson(
        string partnerId, IReadOnlyDictionary<string, IReadOnlyList<LessonOption>> lessonsByPartner, HashSet<string> taken) =>
        lessonsByPartner.TryGetValue(partnerId, out var lessons)
            ? lessons
                .Where(l => !taken.Contains(l.LessonId) && Array.IndexOf(ObjectiveOrder, l.ObjectiveKind) >= 0)
                .OrderBy(l => Array.IndexOf(ObjectiveOrder, l.ObjectiveKind))
                .ThenBy(l => l.LessonId, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
}
