using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using LearningBot.Delivery;
using LearningBot.Sellers;

namespace LearningBot.Quizzes;

/// <summary>Reads what a lesson card needs for one delivery: the lesson version it was planned with and its quiz.</summary>
internal sealed class LessonViewStore(NpgsqlDataSource dataSource, DeliveryReads deliveries)
{
    private sealed record VersionRow(
        string Title, string Objective, string BodyMarkdown, string Media, decimal EstimatedMinutes, decimal? Minutes, string KeyPoints);

    private sealed record QuestionRow(long Id, string Kind, string Prompt, int? PickCount, string Options, string Correct, string? Explanation);

    public async Task<(LessonView View, long SellerId)?> LoadAsync(long deliveryId, Func<string, string> toMrkdwn, CancellationToken cancellationToken)
    {
        if (await deliveries.CardAsync(deliveryId, cancellationToken) is not { } row)
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition("""
            SELECT title, objective, body_markdown, media::text AS media, estimated_minutes, minutes, key_points::text AS key_points
            FROM lesson_versions
            WHERE lesson_id = @LessonId AND version = @LessonVersion
            """, new { row.LessonId, row.LessonVersion }, cancellationToken: cancellationToken));
        var questions = await connection.QueryAsync<QuestionRow>(new CommandDefinition("""
            SELECT id, kind, prompt, pick_count, options::text AS options, correct::text AS correct, explanation
            FROM quiz_questions
            WHERE lesson_id = @LessonId AND lesson_version = @LessonVersion AND (@QuestionId::bigint IS NULL OR id = @QuestionId)
            ORDER BY position
            """, new { row.LessonId, row.LessonVersion, row.QuestionId }, cancellationToken: cancellationToken));

        var view = new LessonView(row.Id, row.LessonId, version.Title, version.Objective, toMrkdwn(version.BodyMarkdown),
            ReadMedia(version.Media), version.Minutes ?? version.EstimatedMinutes, WhyNow(row), [.. questions.Select(ToQuestion)])
        {
            KeyPoints = JsonSerializer.Deserialize<List<string>>(version.KeyPoints) ?? [],
            IsQuickCheck = row.IsQuickCheck,
        };
        return (view, row.SellerId);
    }

    /// <summary>"Before Acme + Northwind, Tue 10:00" in the seller's own time, for meeting-driven sends.</summary>
    private static string? WhyNow(CardDelivery row)
    {
        // A quick check says why it came (the meeting and the predicted recall, or when it was missed), without the planning.
        if (row.IsQuickCheck)
            return DeliveryReasons.Why(row.Reason);
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
