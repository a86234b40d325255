namespace LearningBot.Meetings;

/// <summary>
/// Told after a commit that sellers' meetings, or the partners matched to them, changed: the delivery planner
/// re-plans those sellers at once instead of on its next sweep. A crash between the commit and the call loses
/// only the shortcut; the sweep still catches up.
/// </summary>
internal interface IMeetingChangeListener
{
    Task OnMeetingsChangedAsync(IReadOnlyCollection<long> sellerIds, CancellationToken cancellationToken);
}

/// <summary>Calls every listener; a listener that fails is logged and does not undo what was already written.</summary>
internal sealed partial class MeetingChangeNotifier(IEnumerable<IMeetingChangeListener> listeners, ILogger<MeetingChangeNotifier> logger)
{
    public async Task SellersChangedAsync(IReadOnlyCollection<long> sellerIds, CancellationToken cancellationToken)
    {
        if (sellerIds.Count == 0)
            return;
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnMeetingsChangedAsync(sellerIds, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenerFailed(e, listener.GetType().Name, sellerIds.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Listener} failed after the meetings of {Sellers} sellers changed; the next planning run catches up")]
    private partial void LogListenerFailed(Exception exception, string listener, int sellers);
}
