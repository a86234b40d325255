namespace LearningBot.Delivery.Outbox;

/// <summary>A seller's lesson row as the planner and the send-time check read it.</summary>
internal sealed record OutboxLesson(
    long Id, long SellerId, string LessonId, long? MeetingId, string Trigger, DeliveryStatus Status, DateTimeOffset DueAt,
    DateTimeOffset? SentAt, DateTimeOffset? CompletedAt, string Reason);

/// <summary>A seller's quick-check row as quick-check planning and its send-time check read it.</summary>
internal sealed record OutboxQuickCheck(
    long Id, long SellerId, long QuestionId, long? MeetingId, DeliveryStatus Status, DateTimeOffset DueAt, DateTimeOffset? SentAt,
    DateTimeOffset? CompletedAt, string Reason, DateTimeOffset? SnoozedUntil = null);
