namespace LearningBot.Content;

internal static class ObjectiveKinds
{
    public static readonly IReadOnlyList<string> All =
        ["what-partner-does", "joint-value", "qualify-cosell", "why-partner-helps", "product-release", "spiff", "other"];

    /// <summary>Kinds that are not about one partner, so the lesson may leave out <c>partner</c>.</summary>
    public static readonly IReadOnlySet<string> WithoutPartner = new HashSet<string>(["product-release", "spiff", "other"]);
}

internal sealed record PartnerDefinition(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Domains,
    string? Channel,
    string? Summary,
    string SourcePath);

/// <summary>An image, video, audio clip or link as the lesson file describes it; the card shows it as a Quizzes <c>LessonMedia</c>.</summary>
internal sealed record AuthoredMedia(
    string Type,
    string Url,
    string? Alt,
    string? Title,
    string? Thumbnail,
    TimeSpan? Duration,
    string? Transcript);

/// <summary>A quiz question as the lesson file states it (answers as text); the card and grader use Quizzes' <c>QuizQuestion</c>.</summary>
internal sealed record AuthoredQuestion(
    string Kind,
    string Prompt,
    IReadOnlyList<string> Options,
    IReadOnlyList<string> Correct,
    int? Count,
    IReadOnlyList<KeyValuePair<string, string>> Pairs,
    IReadOnlyList<string> Distractors,
    string? Explanation);

internal sealed record CampaignWindow(DateTime Starts, string Audience);

internal sealed record LessonDefinition(
    string Id,
    string Title,
    string? PartnerId,
    string Objective,
    string ObjectiveKind,
    decimal? Minutes,
    decimal EstimatedMinutes,
    DateOnly? AvailableFrom,
    DateOnly? RelevantUntil,
    CampaignWindow? Campaign,
    IReadOnlyList<AuthoredMedia> Media,
    IReadOnlyList<AuthoredQuestion> Quiz,
    string BodyMarkdown,
    string SourcePath)
{
    /// <summary>What the card's first screen lists under the objective: at most three short points.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];
}

/// <summary>Everything read from a content directory, with what the linter found in it.</summary>
internal sealed record ContentLibrary(
    string Directory,
    IReadOnlyList<PartnerDefinition> Partners,
    IReadOnlyList<LessonDefinition> Lessons,
    LintReport Report);
