using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using LearningBot.Sellers;

namespace LearningBot.Quizzes;

/// <summary>Reads what a lesson card needs for one delivery: the lesson version it was planned with and its quiz.</summary>
internal sealed class LessonViewStore(NpgsqlDataSource dataSource)
{
    private sealed record DeliveryRow(
        long Id, long SellerId, string LessonId, int LessonVersion, string Trigger, string Title, string Objective, string BodyMarkdown,
        string Media, decimal EstimatedMinutes, decimal? Minutes, string? MeetingTitle, DateTimeOffset? MeetingStart, string SellerTimeZone, string KeyPoints,
        string Kind, long? QuestionId, string Reason);

    private sealed record QuestionRow(long Id, string Kind, string Prompt, int? PickCount, string Options, string Correct, string? Explanation);

    public async Task<(LessonView View, long SellerId)?> LoadAsync(long deliveryId, Func<string, string> toMrkdwn, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition("""
            SELECT d.id, d.seller_id, d.lesson_id, d.lesson_version, d.trigger, v.title, v.objective, v.body_markdown,
                   v.media::text AS media, v.estimated_minutes, v.minutes, m.title AS meeting_title, m.starts_at AS meeting_start,
                   s.time_zone AS seller_time_zone, v.key_points::text AS key_points, d.kind, d.question_id, d.reason
            FROM deliveries d
            JOIN lesson_versions v ON v.lesson_id = d.lesson_id AND v.version = d.lesson_version
            JOIN sellers s ON s.id = d.seller_id
            LEFT JOIN meetings m ON m.id = d.meeting_id
            WHERE d.id = @deliveryId
            """, new { deliveryId }, cancellationToken: cancellationToken));
        if (row is null)
            return null;
        var questions = await connection.QueryAsync<QuestionRow>(new CommandDefinition("""
            SELECT id, kind, prompt, pick_count, options::text AS options, correct::text AS correct, explanation
            FROM quiz_questions
            WHERE lesson_id = @LessonId AND lesson_version = @LessonVersion AND (@QuestionId::bigint IS NULL OR id = @QuestionId)
            ORDER BY position
            """, new { row.LessonId, row.LessonVersion, row.QuestionId }, cancellationToken: cancellationToken));

        var view = new LessonView(row.Id, row.LessonId, row.Title, row.Objective, toMrkdwn(row.BodyMarkdown),
            ReadMedia(row.Media), row.Minutes ?? row.EstimatedMinutes, WhyNow(row), [.. questions.Select(ToQuestion)])
        {
            KeyPoints = JsonSerializer.Deserialize<List<string>>(row.KeyPoints) ?? [],
            IsQuickCheck = row.Kind == "quick-check",
        };
        return (view, row.SellerId);
    }

    /// <summary>"Before Acme + Northwind, Tue 10:00" in the seller's own time, for meeting-driven sends.</summary>
    private static string? WhyNow(DeliveryRow row)
    {
        // A quick check says why it came (the meeting and the predicted recall, or when it was missed), without the planning.
        if (row.Kind == "quick-check")
            return row.Reason.IndexOf("; planned for ", StringComparison.Ordinal) is var cut and > 0 ? row.Reason[..cut] : row.Reason;
        if (row.MeetingTitle is null || row.MeetingStart is not { } start)
            return null;
        var zone = SellerTimeZone.Find(row.SellerTimeZone);
        return $"Before {row.MeetingTitle}, {TimeZoneInfo.ConvertTime(start, zone).ToString("ddd HH:mm", CultureInfo.InvariantCulture)}";
    }

    private static List<LessonMedia> ReadMedia(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(m => new LessonMedia(
            Text(m, "type") ?? "link", Text(m, "url") ?? "", Text(m, "alt"), Text(m, "title"), Text(m, "thumbnail"),
            m.TryGetProperty("duration_seconds", out var seconds) && seconds.TryGetInt32(out var s) ? Duration(s) : null))];
    }

    private static string Duration(int seconds) =>
        seconds >= 60 ? $"{seconds / 60}m{(seconds % 60 > 0 ? $"{seconds % 60:00}s" : "")}" : $"{seconds}s";

    private static QuizQuestion ToQuestion(QuestionRow row)
    {
        using var options = JsonDocument.Parse(row.Options);
        using var correct = JsonDocument.Parse(row.Correct);
        switch (row.Kind)
        {
            case "choice":
            {
                var texts = Strings(options.RootElement);
                return new QuizQuestion.Choice(row.Id, row.Prompt, row.Explanation, texts, texts.IndexOf(correct.RootElement.GetString() ?? ""));
            }
            case "pick":
            {
                var texts = Strings(options.RootElement);
                var right = Strings(correct.RootElement).Select(text => texts.IndexOf(text)).Where(i => i >= 0).ToHashSet();
                return new QuizQuestion.Pick(row.Id, row.Prompt, row.Explanation, texts, row.PickCount ?? right.Count, right);
            }
            default:
            {
                var list = options.RootElement.GetProperty("pairs").EnumerateArray()
                    .Select(p => new MatchPair(Text(p, "left") ?? "", Text(p, "right") ?? "")).ToList();
                var distractors = options.RootElement.TryGetProperty("distractors", out var d) ? Strings(d) : [];
                return new QuizQuestion.Match(row.Id, row.Prompt, row.Explanation, list, distractors);
            }
        }
    }

    private static List<string> Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(e => e.GetString() ?? "")] : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
