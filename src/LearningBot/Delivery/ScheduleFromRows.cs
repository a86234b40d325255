using Npgsql;
using LearningBot.Delivery.Outbox;
using LearningBot.Sellers;

namespace LearningBot.Delivery;

/// <summary>Builds the policy's view of a seller from database rows; shared by the planner and the dispatcher.</summary>
internal static class ScheduleFromRows
{
    public static SellerSchedule From(
        PlanningSeller seller, PacingRules defaults, IEnumerable<PlanningMeeting> meetings, IEnumerable<LessonSend> sends) =>
        new(SellerTimeZone.Find(seller.TimeZone),
            SellerPacing.Apply(defaults, seller.Settings),
            [.. meetings.Where(m => !m.Cancelled).Select(m => new TimeRange(m.StartsAt, m.EndsAt))],
            [.. sends],
            seller.PausedUntil);

    /// <summary>What actually reached the seller (sent or being sent), except one delivery.</summary>
    public static IEnumerable<LessonSend> Delivered(IEnumerable<OutboxLesson> deliveries, long? except = null) =>
        deliveries
            .Where(d => d.Status.IsDelivered && d.Id != except)
            .Select(d => new LessonSend(d.LessonId, d.SentAt ?? d.DueAt, d.CompletedAt, Pulled: d.Trigger == PulledTrigger));

    /// <summary>The trigger of a lesson the seller asked for.</summary>
    public const string PulledTrigger = DeliveryTrigger.User;

    /// <summary>The meetings the send-time check looks at: a day back (one may be running) and three ahead.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) SendTimeMeetingWindow(DateTimeOffset now) =>
        (now - TimeSpan.FromDays(1), now + TimeSpan.FromDays(3));

    /// <summary>The seller's schedule as the dispatcher sees it at send time.</summary>
    public static SellerSchedule AtSendTime(
        PlanningSeller seller, PacingRules defaults, IReadOnlyList<PlanningMeeting> meetings,
        IEnumerable<OutboxLesson> deliveries, long deliveryId) =>
        From(seller, defaults, meetings, Delivered(deliveries, except: deliveryId));

    public static async Task<(SellerSchedule Schedule, PlanningMeeting? Meeting)?> AtSendTimeAsync(
        NpgsqlConnection connection, DeliveryToSend delivery, PacingRules defaults, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long[] sellerIds = [delivery.SellerId];
        var seller = (await PlanningQueries.SellersAsync(connection, sellerIds)).SingleOrDefault();
        if (seller is null)
            return null;
        var (from, until) = SendTimeMeetingWindow(now);
        var meetings = await PlanningQueries.MeetingsAsync(connection, sellerIds, from, until);
        var deliveries = await PostgresOutbox.On(connection).LessonsAsync(sellerIds, cancellationToken);
        // The delivery's own meeting is looked up by id: a row checked long after its meeting lies outside the window.
        var meeting = delivery.MeetingId is { } meetingId
            ? meetings.FirstOrDefault(m => m.Id == meetingId) ?? (await PlanningQueries.MeetingsByIdAsync(connection, [meetingId])).SingleOrDefault()
            : null;
        return (AtSendTime(seller, defaults, meetings, deliveries, delivery.Id), meeting);
    }
}
