using Microsoft.Extensions.Options;

namespace LearningBot.Slack.SocketMode;

/// <summary>Timing of the Socket Mode client (https://api.slack.com/apis/socket-mode); used only when <c>Slack:AppToken</c> is set.</summary>
public sealed class SocketModeOptions
{
    public const string Section = "Slack:SocketMode";

    /// <summary>How long a new socket may take to say <c>hello</c> before it counts as failed.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the client pings Slack (WebSocket ping frames).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A socket whose pong is this late is dead: the client connects again.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest pause between attempts to reach <c>apps.connections.open</c> after a transient failure.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a replaced socket may take to ack the envelopes it is still storing before it is closed.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class SocketModeOptionsValidator : IValidateOptions<SocketModeOptions>
{
    public ValidateOptionsResult Validate(string? name, SocketModeOptions options)
    {
        const string at = SocketModeOptions.Section + ":";
        var failures = new List<string>();
        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
                failures.Add($"{at}{setting} must be positive.");
        }
        Positive(options.HelloTimeout, nameof(SocketModeOptions.HelloTimeout));
        Positive(options.PingInterval, nameof(SocketModeOptions.PingInterval));
        Positive(options.MaxReconnectDelay, nameof(SocketModeOptions.MaxReconnectDelay));
        Positive(options.DrainTimeout, nameof(SocketModeOptions.DrainTimeout));
        if (options.PingTimeout <= options.PingInterval)
            failures.Add($"{at}{nameof(SocketModeOptions.PingTimeout)} must be longer than {nameof(SocketModeOptions.PingInterval)}, or every socket counts as dead before its pong can come.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
