namespace LearningBot.Delivery;

/// <summary>
/// A set of allowed send instants as sorted, disjoint closed intervals [From, To]. The pacing policy starts from
/// the free moments of a calendar and removes what each rule forbids.
/// </summary>
internal sealed class StartTimes
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private readonly List<(DateTimeOffset From, DateTimeOffset To)> _intervals;

    private StartTimes(List<(DateTimeOffset, DateTimeOffset)> intervals) => _intervals = intervals;

    public bool IsEmpty => _intervals.Count == 0;

    public DateTimeOffset? Earliest => IsEmpty ? null : _intervals[0].From;

    public DateTimeOffset? Latest => IsEmpty ? null : _intervals[^1].To;

    public static StartTimes From(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> intervals) =>
        new([.. intervals.Where(i => i.From <= i.To).OrderBy(i => i.From)]);

    /// <summary>Keeps only [from, to].</summary>
    public StartTimes Within(DateTimeOffset from, DateTimeOffset to) =>
        new([.. _intervals.Select(i => (Max(i.From, from), Min(i.To, to))).Where(i => i.Item1 <= i.Item2)]);

    /// <summary>Removes the half-open span [from, to).</summary>
    public StartTimes Without(DateTimeOffset from, DateTimeOffset to) => Remove(from, to - Tick);

    /// <summary>Removes the open span (from, to): both ends stay allowed.</summary>
    public StartTimes WithoutBetween(DateTimeOffset from, DateTimeOffset to) => Remove(from + Tick, to - Tick);

    private StartTimes Remove(DateTimeOffset first, DateTimeOffset last)
    {
        if (first > last)
            return this;
        var kept = new List<(DateTimeOffset, DateTimeOffset)>(_intervals.Count + 1);
        foreach (var (from, to) in _intervals)
        {
            if (to < first || from > last)
            {
                kept.Add((from, to));
                continue;
            }
            if (from < first)
                kept.Add((from, first - Tick));
            if (to > last)
                kept.Add((last + Tick, to));
        }
        return new StartTimes(kept);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
