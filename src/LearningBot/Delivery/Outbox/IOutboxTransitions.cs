namespace LearningBot.Delivery.Outbox;

/// <summary>
/// Every change an outbox row can go through, with the table's rules (one live lesson per seller and lesson, one live
/// quick check per question, one skip per meeting or trigger and lesson). <see cref="PostgresOutbox"/> is the
/// deliveries table; <see cref="InMemoryOutbox"/> is the same rules in memory for <c>learningbot simulate</c>. One
/// contract test suite runs against both.
/// </summary>
internal interface IOutboxTransitions
{
    /// <summary>The planner's changes for a batch of sellers, in the table's order: moves, cancels, skips of planned rows, forgets, new rows.</summary>
    Task<PlanSummary> ApplyAsync(OutboxChanges changes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The sellers' lesson rows the planner looks at: planned, sending, sent and skipped.</summary>
    Task<IReadOnlyList<OutboxLesson>> LessonsAsync(long[] sellerIds, CancellationToken cancellationToken);

    /// <summary>The sellers' live quick checks, and those sent since <paramref name="sentSince"/>.</summary>
    Task<IReadOnlyList<OutboxQuickCheck>> QuickChecksAsync(long[] sellerIds, DateTimeOffset sentSince, CancellationToken cancellationToken);

    /// <summary>
    /// The seller asked for a lesson now: a planned row of it gives way (its reason says so), and a row due now is added,
    /// unless the seller already has the lesson. The new row's id, or null.
    /// </summary>
    Task<long?> RequestLessonAsync(long sellerId, string lessonId, int version, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Due planned rows become 'sending' under a lease, oldest first.</summary>
    Task<IReadOnlyList<DeliveryToSend>> ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>One planned row becomes 'sending', whatever its due time; null when it is not planned (any more).</summary>
    Task<DeliveryToSend?> ClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Rows whose lease ran out while 'sending' (their instance died mid-send), leased again.</summary>
    Task<IReadOnlyList<DeliveryToSend>> ClaimStuckAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, SentMessage message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A claimed row goes back to 'planned' for a later moment (deferred at send time, or retried after an error).</summary>
    Task ReleaseAsync(long id, DateTimeOffset dueAt, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A claimed row ends skipped, cancelled or failed. A skip replaces the older skip of the same meeting (or trigger) and lesson,
    /// so one skip is kept, with the newer reason.
    /// </summary>
    Task FinishAsync(long id, DeliveryStatus status, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> AttemptsAsync(long id, CancellationToken cancellationToken);

    /// <summary>The seller finished a sent row of theirs; false when it was not sent to them or already finished.</summary>
    Task<bool> CompleteAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>"Later": an unfinished sent row of the seller's comes back at <paramref name="until"/>; false when there is none.</summary>
    Task<bool> SnoozeAsync(long id, long sellerId, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// "Resume": a snoozed row is the seller's again; one skipped or cancelled while it waited counts as sent again, unless the same
    /// lesson is live in another row. False when there was nothing to take back.
    /// </summary>
    Task<bool> ResumeAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken);
}
