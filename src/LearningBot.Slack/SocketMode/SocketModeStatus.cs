namespace LearningBot.Slack.SocketMode;

public enum SocketModeState
{
    /// <summary>No <c>Slack:AppToken</c>: Slack reaches the bot over the HTTP endpoints.</summary>
    Off,
    Connecting,
    Connected,

    /// <summary>Slack refused the app token or disabled Socket Mode: nothing arrives until someone acts and restarts.</summary>
    Stopped,
}

/// <summary>Where the Socket Mode connection stands, in words an operator can act on; /readyz shows it.</summary>
public sealed class SocketModeStatus
{
    private volatile Snapshot _current = new(SocketModeState.Off, "not used: Slack:AppToken is not set, Slack calls the HTTP endpoints");
    private long _connections;

    public sealed record Snapshot(SocketModeState State, string Detail);

    public Snapshot Current => _current;

    /// <summary>Connections opened after the first one: Slack's periodic refreshes plus every recovery from a drop.</summary>
    public long Reconnects => Math.Max(0, Interlocked.Read(ref _connections) - 1);

    internal void Set(SocketModeState state, string detail)
    {
        if (state == SocketModeState.Connected)
            Interlocked.Increment(ref _connections);
        _current = new Snapshot(state, detail);
    }
}
