using LearningBot.CommandLine;
using LearningBot.Insights;

namespace LearningBot.Tests.Insights;

/// <summary>Bad arguments to <c>learningbot insights export</c> are usage errors (exit 2) that list what is valid, before any database is touched.</summary>
public sealed class InsightsExportUsageTests
{
    [Theory]
    [InlineData("answers", "csv", "2026-11-01", "2026-11-14", "unknown table 'answers'; valid tables: lessons, questions, jit, sellers, teams.")]
    [InlineData("jit", "xlsx", "2026-11-01", "2026-11-14", "unknown format 'xlsx'; valid formats: csv, json.")]
    [InlineData("jit", "csv", "2026-13-01", "2026-11-14", "--from '2026-13-01' is not a date (YYYY-MM-DD).")]
    [InlineData("jit", "csv", "2026-11-14", "2026-11-01", "--to 2026-11-01 is before --from 2026-11-14.")]
    public async Task A_bad_table_format_or_date_is_a_usage_error_that_lists_the_valid_values(string table, string format, string from, string to, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await InsightsCommand.RunAsync(new InsightsCommand.ExportRequest(table, from, to, format, null, null, null),
            ["--ConnectionStrings:LearningBot=Host=127.0.0.1;Port=1"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Equal($"learningbot: error: {expected}", error.ToString().Trim());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Csv_quotes_cells_with_commas_and_quotes_and_json_keeps_numbers_booleans_and_nulls()
    {
        var table = new ExportTable(["lesson", "prompt", "answers", "accuracy", "before_meeting", "completed_at"],
            [["l-1", "Which \"two\", exactly?", 3L, 0.6667, true, null]]);

        Assert.Equal("lesson,prompt,answers,accuracy,before_meeting,completed_at\r\nl-1,\"Which \"\"two\"\", exactly?\",3,0.6667,true,\r\n", InsightsExport.Csv(table));
        using var json = System.Text.Json.JsonDocument.Parse(InsightsExport.Json(table));
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(3, row.GetProperty("answers").GetInt32());
        Assert.Equal(0.6667, row.GetProperty("accuracy").GetDouble());
        Assert.True(row.GetProperty("before_meeting").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("completed_at").ValueKind);
    }
}
