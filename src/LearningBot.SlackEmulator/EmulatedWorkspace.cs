namespace LearningBot.SlackEmulator;

/// <summary>An in-memory Slack workspace for tests and the sandbox; grows with the Slack layer.</summary>
public sealed class EmulatedWorkspace
{
    public EmulatedWorkspace(string teamId = "T0SANDBOX", string teamName = "LearningBot Sandbox")
    {
        TeamId = teamId;
        TeamName = teamName;
    }

    public string TeamId { get; }

    public string TeamName { get; }
}
