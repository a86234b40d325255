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

    public sealed record Snapshot(SocketModeState State, string Detail);

    public Snapshot Current => _current;

    internal void Set(SocketModeState state, string detail) => _current = new Snapshot(state, detail);
}
