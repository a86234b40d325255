using Npgsql;
using LearningBot.Sellers;

namespace LearningBot.Delivery;

/// <summary>Builds the policy's view of a seller from database rows; shared by the planner and the dispatcher.</summary>
internal static class SellerSchedules
{
    public static SellerSchedule From(
        PlanningQueries.SellerRow seller, PacingRules defaults, IEnumerable<PlanningQueries.MeetingRow> meetings, IEnumerable<LessonSend> sends) =>
        new(SellerTimeZone.Find(seller.TimeZone),
            SellerPacing.Apply(defaults, seller.Settings),
            [.. meetings.Where(m => !m.Cancelled).Select(m => new TimeRange(m.StartsAt, m.EndsAt))],
            [.. sends],
            seller.PausedUntil);

    /// <summary>What actually reached the seller (sent or being sent), except one delivery.</summary>
    public static IEnumerable<LessonSend> Delivered(IEnumerable<PlanningQueries.DeliveryRow> deliveries, long? except = null) =>
        deliveries
            .Where(d => d.Status is "sent" or "sending" && d.Id != except)
            .Select(d => new LessonSend(d.LessonId, d.SentAt ?? d.DueAt, d.CompletedAt, Pulled: d.Trigger == PulledTrigger));

    /// <summary>The trigger of a lesson the seller asked for.</summary>
    public const string PulledTrigger = "user";

    /// <summary>The meetings the send-time check looks at: a day back (one may be running) and three ahead.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) SendTimeMeetingWindow(DateTimeOffset now) =>
        (now - TimeSpan.FromDays(1), now + TimeSpan.FromDays(3));

    /// <summary>The seller's schedule as the dispatcher sees it at send time.</summary>
    public static SellerSchedule AtSendTime(
        PlanningQueries.SellerRow seller, PacingRules defaults, IReadOnlyList<PlanningQueries.MeetingRow> meetings,
        IEnumerable<PlanningQueries.DeliveryRow> deliveries, long deliveryId) =>
        From(seller, defaults, meetings, Delivered(deliveries, except: deliveryId));

    public static async Task<(SellerSchedule Schedule, PlanningQueries.MeetingRow? Meeting)?> AtSendTimeAsync(
        NpgsqlConnection connection, DeliveryToSend delivery, PacingRules defaults, DateTimeOffset now)
    {
        long[] sellerIds = [delivery.SellerId];
        var seller = (await PlanningQueries.SellersAsync(connection, sellerIds)).SingleOrDefault();
        if (seller is null)
            return null;
        var (from, until) = SendTimeMeetingWindow(now);
        var meetings = await PlanningQueries.MeetingsAsync(connection, sellerIds, from, until);
        var deliveries = await PlanningQueries.DeliveriesAsync(connection, sellerIds);
        // The delivery's own meeting is looked up by id: a row checked long after its meeting lies outside the window.
        var meeting = delivery.MeetingId is { } meetingId
            ? meetings.FirstOrDefault(m => m.Id == meetingId) ?? (await PlanningQueries.MeetingsByIdAsync(connection, [meetingId])).SingleOrDefault()
            : null;
        return (AtSendTime(seller, defaults, meetings, deliveries, delivery.Id), meeting);
    }
}
