namespace LearningBot.Sandbox;

/// <summary>
/// The whole bot's clock in sandbox mode: the real clock plus an offset that only moves forward. Planner, dispatcher,
/// signature checks and the emulator all read it, so a jump looks to them like time passing.
/// </summary>
internal sealed class SandboxClock : TimeProvider
{
    private readonly Lock _lock = new();
    private long _offsetTicks;
    private DateTimeOffset? _held;

    public SandboxClock(DateTimeOffset? startAt)
    {
        if (startAt is { } start)
            _offsetTicks = (start - System.GetUtcNow()).Ticks;
    }

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _held ?? System.GetUtcNow() + Offset;
    }

    /// <summary>
    /// Stops the clock until disposed; time then runs on from where it stood. A jump holds the clock while it dispatches, so a
    /// lesson planned for the exact end of a free slot is checked at that instant, not a few milliseconds later.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_lock)
            _held = GetUtcNowUnheld();
        return new Release(this);
    }

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        lock (_lock)
        {
            Interlocked.Add(ref _offsetTicks, by.Ticks);
            if (_held is { } held)
                _held = held + by;
        }
    }

    private DateTimeOffset GetUtcNowUnheld() => System.GetUtcNow() + Offset;

    private sealed class Release(SandboxClock clock) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._lock)
            {
                if (clock._held is not { } held)
                    return;
                Interlocked.Exchange(ref clock._offsetTicks, (held - System.GetUtcNow()).Ticks);
                clock._held = null;
            }
        }
    }

    /// <summary>The next start of a working day in <paramref name="zone"/>, strictly after now.</summary>
    public DateTimeOffset NextWorkingMorning(TimeZoneInfo zone, TimeOnly workdayStart, IReadOnlyCollection<DayOfWeek> workingDays)
    {
        var now = GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        for (var day = 0; day <= 14; day++)
        {
            var date = DateOnly.FromDateTime(localNow.Date).AddDays(day);
            if (!workingDays.Contains(date.DayOfWeek))
                continue;
            var local = date.ToDateTime(workdayStart);
            var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (at > now)
                return at;
        }
        return now + TimeSpan.FromDays(1);
    }
}
