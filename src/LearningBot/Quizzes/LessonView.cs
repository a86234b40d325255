namespace LearningBot.Quizzes;

/// <summary>Everything a lesson card shows; the body is already converted to Slack mrkdwn.</summary>
internal sealed record LessonView(
    long DeliveryId,
    string LessonId,
    string Title,
    string Objective,
    string BodyMrkdwn,
    IReadOnlyList<LessonMedia> Media,
    decimal Minutes,
    string? WhyNow,
    IReadOnlyList<QuizQuestion> Questions,
    string? DiscussionSummary = null)
{
    /// <summary>At most three short points the seller takes away even without reading the body.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>A one-question quick check of a question the seller answered before, not the lesson itself.</summary>
    public bool IsQuickCheck { get; init; }
}

/// <summary>An image, video, audio clip or link of a lesson, as its author described it.</summary>
internal sealed record LessonMedia(string Type, string Url, string? Alt = null, string? Title = null, string? Thumbnail = null, string? Duration = null);
