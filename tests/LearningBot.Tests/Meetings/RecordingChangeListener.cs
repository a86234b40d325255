using LearningBot.Meetings;

namespace LearningBot.Tests.Meetings;

/// <summary>Remembers which sellers each meeting change named, in order.</summary>
internal sealed class RecordingChangeListener : IMeetingChangeListener
{
    private readonly List<long[]> _calls = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<long[]> Calls
    {
        get
        {
            lock (_gate)
                return [.. _calls];
        }
    }

    public void Clear()
    {
        lock (_gate)
            _calls.Clear();
    }

    public Task OnMeetingsChangedAsync(IReadOnlyCollection<long> sellerIds, CancellationToken cancellationToken)
    {
        lock (_gate)
            _calls.Add([.. sellerIds]);
        return Task.CompletedTask;
    }
}
