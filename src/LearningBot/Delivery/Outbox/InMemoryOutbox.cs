namespace LearningBot.Delivery.Outbox;

/// <summary>
/// The outbox transitions on a list in memory, with the deliveries table's rules, for <c>learningbot simulate</c>. The
/// synchronous methods are what the simulator calls; the interface runs the same code for the contract tests.
/// </summary>
internal sealed class InMemoryOutbox : IOutboxTransitions
{
    internal sealed record Row(
        long Id, long SellerId, string Kind, string Trigger, string LessonId, int LessonVersion, long? QuestionId, long? MeetingId,
        DeliveryStatus Status, DateTimeOffset DueAt, string Reason, int Attempts = 0, string? LastError = null,
        DateTimeOffset? ClaimedUntil = null, DateTimeOffset? SentAt = null, DateTimeOffset? SnoozedUntil = null,
        DateTimeOffset? CompletedAt = null, string? SlackChannel = null, string? SlackTs = null)
    {
        public DeliveryToSend ToSend() =>
            new(Id, SellerId, Kind, Trigger, LessonId, LessonVersion, MeetingId, DueAt, Reason, OutcomeUnknown: LastError is not null && SentAt is null);
    }

    private readonly List<Row> _rows = [];
    private long _nextId = 1;

    /// <summary>Every row, in the order it was added.</summary>
    public IReadOnlyList<Row> Rows => _rows;

    public PlanSummary Apply(OutboxChanges changes, DateTimeOffset now)
    {
        var moved = 0;
        foreach (var (id, dueAt, reason) in changes.Moved)
            moved += Update(id, r => r.Status == DeliveryStatus.Planned && (r.DueAt != dueAt || r.Reason != reason), r => r with { DueAt = dueAt, Reason = reason });
        var cancelled = 0;
        foreach (var (id, reason) in changes.Cancelled)
            cancelled += Update(id, r => r.Status == DeliveryStatus.Planned, r => r with { Status = DeliveryStatus.Cancelled, Reason = reason });
        foreach (var (id, reason) in changes.SkippedPlanned)
        {
            cancelled += Update(id, r => r.Status == DeliveryStatus.Planned, r => r with
            {
                Status = _rows.Any(o => o.Status == DeliveryStatus.Skipped && o.SellerId == r.SellerId && o.MeetingId is not null
                    && o.MeetingId == r.MeetingId && o.LessonId == r.LessonId) ? DeliveryStatus.Cancelled : DeliveryStatus.Skipped,
                Reason = reason,
            });
        }
        _rows.RemoveAll(r => r.Status == DeliveryStatus.Skipped && changes.Forgotten.Contains(r.Id));

        var planned = 0;
        foreach (var row in changes.Planned)
        {
            if (_rows.Any(r => r.Kind == DeliveryKind.Lesson && r.SellerId == row.SellerId && r.LessonId == row.LessonId && r.Status.IsLive))
                continue;
            Add(new Row(0, row.SellerId, DeliveryKind.Lesson, row.Trigger, row.LessonId, row.Version, null, row.MeetingId, DeliveryStatus.Planned, row.DueAt, row.Reason));
            planned++;
        }
        foreach (var row in changes.QuickChecks)
        {
            if (_rows.Any(r => r.Kind == DeliveryKind.QuickCheck && r.SellerId == row.SellerId && r.QuestionId == row.QuestionId
                    && (r.Status == DeliveryStatus.Planned || r.Status == DeliveryStatus.Sending)))
                continue;
            Add(new Row(0, row.SellerId, DeliveryKind.QuickCheck, DeliveryTrigger.Reinforcement, row.LessonId, row.Version, row.QuestionId, row.MeetingId,
                DeliveryStatus.Planned, row.DueAt, row.Reason));
            planned++;
        }
        var skipped = 0;
        foreach (var row in changes.Skipped.Where(s => s.MeetingId is not null).Concat(changes.Skipped.Where(s => s.MeetingId is null)))
        {
            var index = _rows.FindIndex(r => r.Status == DeliveryStatus.Skipped && r.SellerId == row.SellerId && r.LessonId == row.LessonId
                && (row.MeetingId is null ? r.MeetingId is null && r.Trigger == row.Trigger : r.MeetingId == row.MeetingId));
            if (index < 0)
            {
                Add(new Row(0, row.SellerId, DeliveryKind.Lesson, row.Trigger, row.LessonId, row.Version, null, row.MeetingId, DeliveryStatus.Skipped, row.DueAt, row.Reason));
                skipped++;
            }
            else if (row.MeetingId is not null && _rows[index].DueAt != row.DueAt)
            {
                _rows[index] = _rows[index] with { Reason = row.Reason, DueAt = row.DueAt };
                skipped++;
            }
        }
        return new PlanSummary(planned, moved, cancelled, skipped);
    }

    public IReadOnlyList<OutboxLesson> Lessons(long[] sellerIds) =>
        [.. _rows.Where(r => r.Kind == DeliveryKind.Lesson && sellerIds.Contains(r.SellerId) && (r.Status.IsLive || r.Status == DeliveryStatus.Skipped))
            .Select(r => new OutboxLesson(r.Id, r.SellerId, r.LessonId, r.MeetingId, r.Trigger, r.Status, r.DueAt, r.SentAt, r.CompletedAt, r.Reason))];

    public IReadOnlyList<OutboxQuickCheck> QuickChecks(long[] sellerIds, DateTimeOffset sentSince) =>
        [.. _rows.Where(r => r.Kind == DeliveryKind.QuickCheck && sellerIds.Contains(r.SellerId)
                && (r.Status == DeliveryStatus.Planned || r.Status == DeliveryStatus.Sending || (r.Status == DeliveryStatus.Sent && r.SentAt >= sentSince)))
            .Select(r => new OutboxQuickCheck(r.Id, r.SellerId, r.QuestionId!.Value, r.MeetingId, r.Status, r.DueAt, r.SentAt, r.CompletedAt, r.Reason, r.SnoozedUntil))];

    public long? RequestLesson(long sellerId, string lessonId, int version, string reason, DateTimeOffset now)
    {
        foreach (var row in _rows.Where(r => r.SellerId == sellerId && r.LessonId == lessonId && r.Kind == DeliveryKind.Lesson && r.Status == DeliveryStatus.Planned).ToList())
            Update(row.Id, _ => true, r => r with { Status = DeliveryStatus.Cancelled, Reason = DeliveryReasons.SentEarlierOnRequest(r.Reason) });
        if (_rows.Any(r => r.Kind == DeliveryKind.Lesson && r.SellerId == sellerId && r.LessonId == lessonId && r.Status.IsLive))
            return null;
        return Add(new Row(0, sellerId, DeliveryKind.Lesson, DeliveryTrigger.User, lessonId, version, null, null, DeliveryStatus.Planned, now, reason)).Id;
    }

    public IReadOnlyList<DeliveryToSend> ClaimDue(DateTimeOffset now, int limit, TimeSpan lease) =>
        [.. _rows.Where(r => r.Status == DeliveryStatus.Planned && r.DueAt <= now).OrderBy(r => r.DueAt).ThenBy(r => r.Id).Take(limit).ToList()
            .Select(r => Claim(r.Id, now, lease)!)];

    public DeliveryToSend? Claim(long id, DateTimeOffset now, TimeSpan lease) =>
        Update(id, r => r.Status == DeliveryStatus.Planned,
            r => r with { Status = DeliveryStatus.Sending, ClaimedUntil = now + lease, Attempts = r.Attempts + 1 }) == 1
            ? Find(id)!.ToSend()
            : null;

    public IReadOnlyList<DeliveryToSend> ClaimStuck(DateTimeOffset now, int limit, TimeSpan lease)
    {
        var stuck = _rows.Where(r => r.Status == DeliveryStatus.Sending && r.ClaimedUntil < now).OrderBy(r => r.ClaimedUntil).ThenBy(r => r.Id).Take(limit).ToList();
        foreach (var row in stuck)
            Update(row.Id, _ => true, r => r with { ClaimedUntil = now + lease });
        return [.. stuck.Select(r => Find(r.Id)!.ToSend())];
    }

    public void MarkSent(long id, SentMessage message, DateTimeOffset now) =>
        Update(id, r => r.Status == DeliveryStatus.Sending, r => r with
        {
            Status = DeliveryStatus.Sent, SlackChannel = message.Channel, SlackTs = message.Ts, SentAt = now, ClaimedUntil = null, LastError = null,
        });

    public void Release(long id, DateTimeOffset dueAt, string reason, string? error, DateTimeOffset now) =>
        Update(id, r => r.Status == DeliveryStatus.Sending, r => r with
        {
            Status = DeliveryStatus.Planned, DueAt = dueAt, Reason = reason, LastError = error, ClaimedUntil = null,
        });

    public void Finish(long id, DeliveryStatus status, string reason, string? error, DateTimeOffset now)
    {
        if (Find(id) is not { } row || row.Status != DeliveryStatus.Sending)
            return;
        if (status == DeliveryStatus.Skipped)
        {
            _rows.RemoveAll(o => o.Id != id && o.Status == DeliveryStatus.Skipped && o.SellerId == row.SellerId && o.LessonId == row.LessonId
                && ((o.MeetingId is not null && o.MeetingId == row.MeetingId) || (o.MeetingId is null && row.MeetingId is null && o.Trigger == row.Trigger)));
        }
        Update(id, _ => true, r => r with { Status = status, Reason = reason, LastError = error, ClaimedUntil = null });
    }

    public int Attempts(long id) => Find(id)?.Attempts ?? 0;

    public bool Complete(long id, long sellerId, DateTimeOffset now) =>
        Update(id, r => r.SellerId == sellerId && r.CompletedAt is null && r.Status == DeliveryStatus.Sent, r => r with { CompletedAt = now }) == 1;

    public bool Snooze(long id, long sellerId, DateTimeOffset until, DateTimeOffset now) =>
        Update(id, r => r.SellerId == sellerId && r.Status == DeliveryStatus.Sent && r.CompletedAt is null, r => r with
        {
            Status = DeliveryStatus.Planned, DueAt = until, SnoozedUntil = until, Reason = DeliveryReasons.Snoozed(r.Reason),
        }) == 1;

    public bool Resume(long id, long sellerId, DateTimeOffset now) =>
        Update(id, r => r.SellerId == sellerId && r.SnoozedUntil is not null && r.SentAt is not null
            && (r.Status == DeliveryStatus.Planned
                || ((r.Status == DeliveryStatus.Skipped || r.Status == DeliveryStatus.Cancelled) && !_rows.Any(o => o.SellerId == r.SellerId
                    && o.LessonId == r.LessonId && o.Kind == DeliveryKind.Lesson && o.Id != r.Id && o.Status.IsLive))),
            r => r with { Status = DeliveryStatus.Sent, SnoozedUntil = null }) == 1;

    public Row? Find(long id) => _rows.FirstOrDefault(r => r.Id == id);

    private Row Add(Row row)
    {
        var added = row with { Id = _nextId++ };
        _rows.Add(added);
        return added;
    }

    private int Update(long id, Func<Row, bool> when, Func<Row, Row> change)
    {
        var index = _rows.FindIndex(r => r.Id == id);
        if (index < 0 || !when(_rows[index]))
            return 0;
        _rows[index] = change(_rows[index]);
        return 1;
    }

    Task<PlanSummary> IOutboxTransitions.ApplyAsync(OutboxChanges changes, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Apply(changes, now));

    Task<IReadOnlyList<OutboxLesson>> IOutboxTransitions.LessonsAsync(long[] sellerIds, CancellationToken cancellationToken) =>
        Task.FromResult(Lessons(sellerIds));

    Task<IReadOnlyList<OutboxQuickCheck>> IOutboxTransitions.QuickChecksAsync(long[] sellerIds, DateTimeOffset sentSince, CancellationToken cancellationToken) =>
        Task.FromResult(QuickChecks(sellerIds, sentSince));

    Task<long?> IOutboxTransitions.RequestLessonAsync(
        long sellerId, string lessonId, int version, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(RequestLesson(sellerId, lessonId, version, reason, now));

    Task<IReadOnlyList<DeliveryToSend>> IOutboxTransitions.ClaimDueAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(ClaimDue(now, limit, lease));

    Task<DeliveryToSend?> IOutboxTransitions.ClaimAsync(long id, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(Claim(id, now, lease));

    Task<IReadOnlyList<DeliveryToSend>> IOutboxTransitions.ClaimStuckAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult(ClaimStuck(now, limit, lease));

    Task IOutboxTransitions.MarkSentAsync(long id, SentMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        MarkSent(id, message, now);
        return Task.CompletedTask;
    }

    Task IOutboxTransitions.ReleaseAsync(long id, DateTimeOffset dueAt, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Release(id, dueAt, reason, error, now);
        return Task.CompletedTask;
    }

    Task IOutboxTransitions.FinishAsync(long id, DeliveryStatus status, string reason, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Finish(id, status, reason, error, now);
        return Task.CompletedTask;
    }

    Task<int> IOutboxTransitions.AttemptsAsync(long id, CancellationToken cancellationToken) => Task.FromResult(Attempts(id));

    Task<bool> IOutboxTransitions.CompleteAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Complete(id, sellerId, now));

    Task<bool> IOutboxTransitions.SnoozeAsync(long id, long sellerId, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Snooze(id, sellerId, until, now));

    Task<bool> IOutboxTransitions.ResumeAsync(long id, long sellerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Resume(id, sellerId, now));
}
