namespace LearningBot.Quizzes;

/// <summary>Settings for lesson cards (section "Quizzes").</summary>
internal sealed class QuizzesOptions
{
    public const string Section = "Quizzes";

    /// <summary>Hosts whose videos Slack may play inline (the app's unfurl domains); other videos become links.</summary>
    public List<string> VideoUnfurlDomains { get; set; } = [];
}
