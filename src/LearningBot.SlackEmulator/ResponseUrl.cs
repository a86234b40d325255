namespace LearningBot.SlackEmulator;

/// <summary>A response_url Slack handed out with a command or interaction: 5 uses within 30 minutes.</summary>
public sealed class ResponseUrl
{
    public const int MaxUses = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public required string Id { get; init; }
    public required string Channel { get; init; }
    public required string User { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    /// <summary>The message the interaction came from, for replace_original / delete_original.</summary>
    public string? SourceMessageTs { get; init; }
    public int Uses { get; set; }
}
