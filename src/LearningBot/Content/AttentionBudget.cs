namespace LearningBot.Content;

/// <summary>How long a lesson takes: reading at 200 words a minute, playing every video and audio, and half a minute a question.</summary>
internal sealed record AttentionBudget(int Words, TimeSpan MediaTime, int Questions)
{
    public const int WordsPerMinute = 200;
    public const decimal MinutesPerQuestion = 0.5m;

    public decimal ReadingMinutes => (decimal)Words / WordsPerMinute;

    public decimal MediaMinutes => (decimal)MediaTime.TotalSeconds / 60m;

    public decimal QuizMinutes => Questions * MinutesPerQuestion;

    public decimal EstimatedMinutes => Math.Round(ReadingMinutes + MediaMinutes + QuizMinutes, 2, MidpointRounding.AwayFromZero);

    public static AttentionBudget For(int words, IEnumerable<AuthoredMedia> media, int questions) =>
        new(words, media.Aggregate(TimeSpan.Zero, (total, item) => total + (item.Duration ?? TimeSpan.Zero)), questions);

    /// <summary>"about 8.4 minutes (text 6.1, media 1.8, quiz 0.5)" — so the author sees where the time goes.</summary>
    public string Describe() =>
        $"about {Format(EstimatedMinutes)} minutes (text {Format(ReadingMinutes)} for {Words} words, "
        + $"media {Format(MediaMinutes)}, quiz {Format(QuizMinutes)} for {Questions} question{(Questions == 1 ? "" : "s")})";

    public static string Format(decimal minutes) =>
        Math.Round(minutes, 1, MidpointRounding.AwayFromZero).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
