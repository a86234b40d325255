using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LearningBot.Insights;

/// <summary>A table of an export: snake_case column names and rows of plain values (text, numbers, booleans, times, null).</summary>
internal sealed record ExportTable(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>The exportable tables, as the page, /insights/export and <c>learningbot insights export</c> write them.</summary>
internal static class InsightsExport
{
    public static readonly IReadOnlyList<string> Tables = ["lessons", "questions", "jit", "sellers", "teams"];
    public static readonly IReadOnlyList<string> Formats = ["csv", "json"];

    public static async Task<ExportTable> ReadAsync(InsightsQueries queries, string table, InsightsFilter filter, CancellationToken cancellationToken) => table switch
    {
        "lessons" => Lessons(await queries.LessonsAsync(filter, cancellationToken)),
        "questions" => Questions(await queries.QuestionsAsync(filter, cancellationToken)),
        "jit" => Jit(await queries.JitAsync(filter, cancellationToken)),
        "sellers" => Sellers(await queries.SellersAsync(filter, cancellationToken)),
        "teams" => Teams(await queries.TeamsAsync(filter, cancellationToken)),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, $"Tables: {string.Join(", ", Tables)}."),
    };

    private static ExportTable Lessons(IReadOnlyList<LessonFunnel> rows) => new(
        ["lesson", "partner", "sent", "started", "completed", "completion_rate", "median_minutes_to_complete", "later", "later_rate", "skipped", "skipped_reasons"],
        [.. rows.Where(r => r.LessonId is not null).Select(r => new object?[]
        {
            r.LessonId, r.PartnerId, r.Sent, r.Started, r.Completed, Round(r.CompletionRate), Round(r.MedianMinutesToComplete), r.Later, Round(r.LaterRate),
            r.Skipped, string.Join("; ", r.SkippedReasons.Select(s => $"{s.Reason} ({s.Count})")),
        })]);

    private static ExportTable Questions(IReadOnlyList<QuestionStats> rows) => new(
        ["lesson", "question", "prompt", "answers", "first_try_correct", "accuracy", "most_chosen_wrong", "most_chosen_wrong_count"],
        [.. rows.Select(r => new object?[]
        {
            r.LessonId, r.Question, r.Prompt, r.Answers, r.FirstTryCorrect, Round(r.Accuracy), r.MostChosenWrong?.Answer, r.MostChosenWrong?.Count,
        })]);

    private static ExportTable Jit(IReadOnlyList<JitDelivery> rows) => new(
        ["lesson", "seller", "meeting", "meeting_start", "sent_at", "completed_at", "before_meeting"],
        [.. rows.Select(r => new object?[] { r.LessonId, r.Seller, r.Meeting, r.MeetingStart, r.SentAt, r.CompletedAt, r.BeforeMeeting })]);

    private static ExportTable Sellers(IReadOnlyList<SellerSignals> rows) => new(
        ["seller", "display_name", "manager_email", "sent", "completed", "later", "later_rate", "ignored_48h", "paused_until", "narrowed_settings", "snooze_heavy"],
        [.. rows.Select(r => new object?[]
        {
            r.Seller, r.DisplayName, r.ManagerEmail, r.Sent, r.Completed, r.Later, Round(r.LaterRate), r.Ignored48h, r.PausedUntil,
            string.Join("; ", r.NarrowedSettings), r.SnoozeHeavy,
        })]);

    private static ExportTable Teams(IReadOnlyList<TeamReadiness> rows) => new(
        ["team", "partner", "answering_sellers", "answers", "accuracy", "sent", "completed", "completion_rate", "later"],
        [.. rows.Select(r => new object?[]
        {
            r.Team, r.PartnerId, r.AnsweringSellers, r.Answers, Round(r.Accuracy), r.Sent, r.Completed, Round(r.CompletionRate), r.Later,
        })]);

    /// <summary>Rates and minutes to four decimals, so CSV and JSON agree and read well.</summary>
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;

    public static string Csv(ExportTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns).Append("\r\n");
        foreach (var row in table.Rows)
            text.AppendJoin(',', row.Select(value => CsvCell(Text(value)))).Append("\r\n");
        return text.ToString();
    }

    public static string Json(ExportTable table)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    json.WritePropertyName(table.Columns[i]);
                    switch (row[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        case long l: json.WriteNumberValue(l); break;
                        case int n: json.WriteNumberValue(n); break;
                        case double d: json.WriteNumberValue(d); break;
                        default: json.WriteStringValue(Text(row[i])); break;
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset at => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string CsvCell(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
