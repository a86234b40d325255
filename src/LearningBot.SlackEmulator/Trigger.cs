namespace LearningBot.SlackEmulator;

/// <summary>A trigger_id: valid for 3 seconds, exchangeable once (https://api.slack.com/interactivity/handling#modal_responses).</summary>
public sealed class Trigger
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3);

    public required string Id { get; init; }
    public required string User { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public int StackDepth { get; init; }
    public bool Exchanged { get; set; }
}
