namespace LearningBot.Search;

/// <summary>
/// Tells whether what a search answer is made of may have changed since an answer was cached: every change moves the
/// generation on. Answers may be cached only while this instance hears the database's change notices.
/// </summary>
internal sealed class SearchChanges
{
    private long _generation;
    private volatile bool _listening;

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True while the notices of every instance's changes reach this one, so a cached answer can be trusted.</summary>
    public bool Listening => _listening;

    /// <summary>
    /// Something a search reads changed: said by the listener for every notice, and also by this instance's own writers
    /// right after their commit, so that its next search does not wait for the notice to come round.
    /// </summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    /// <summary>Notices arrive from now on; whatever was cached before may have missed some.</summary>
    public void StartedListening()
    {
        Changed();
        _listening = true;
    }

    public void StoppedListening()
    {
        _listening = false;
        Changed();
    }
}
