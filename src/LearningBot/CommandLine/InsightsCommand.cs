using System.CommandLine;
using System.Globalization;
using LearningBot.Insights;

namespace LearningBot.CommandLine;

/// <summary>
/// learningbot insights export: one insights table as CSV or JSON on standard output or in a file, for cron jobs and BI
/// tools. Read-only. An unknown table or format is a usage error (exit 2) that lists the valid values.
/// </summary>
internal static class InsightsCommand
{
    public static Command Create()
    {
        var table = new Option<string>("--table") { Description = $"The table: {string.Join(", ", InsightsExport.Tables)}.", Required = true };
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD (UTC).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day, YYYY-MM-DD (UTC), included.", Required = true };
        var format = new Option<string>("--format") { Description = $"The format: {string.Join(", ", InsightsExport.Formats)}.", DefaultValueFactory = _ => "csv" };
        var partner = new Option<string?>("--partner") { Description = "Only this partner's lessons (its id)." };
        var team = new Option<string?>("--team") { Description = "Only the team of this manager (their email): everyone reporting to them." };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "Export one insights table as CSV or JSON (read-only).") { table, from, to, format, partner, team, output };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((parse, cancellationToken) => RunAsync(
            new ExportRequest(parse.GetValue(table)!, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(format)!,
                parse.GetValue(partner), parse.GetValue(team), parse.GetValue(output)),
            [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("insights", "Read what was learned: completion, accuracy, just-in-time hit rate.") { export };
    }

    internal sealed record ExportRequest(string Table, string From, string To, string Format, string? Partner, string? Team, string? Out);

    public static async Task<int> RunAsync(ExportRequest request, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Usage(request) is { } usage)
        {
            error.WriteLine($"learningbot: error: {usage}");
            return UsageErrors.ExitCode;
        }
        var filter = new InsightsFilter(Day(request.From)!.Value, Day(request.To)!.Value, request.Partner, request.Team?.ToLowerInvariant());
        return await CommandFailures.GuardAsync(async () =>
        {
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            ExportTable table;
            try
            {
                table = await InsightsExport.ReadAsync(session.Services.GetRequiredService<InsightsQueries>(), request.Table, filter, cancellationToken);
            }
            catch (Npgsql.NpgsqlException e)
            {
                // A query the database cannot finish in time, or a lost connection: one line, not a stack trace.
                error.WriteLine($"learningbot: error: the database did not answer the export: {e.Message}");
                return CommandFailures.Failed;
            }
            var text = request.Format == "json" ? InsightsExport.Json(table) : InsightsExport.Csv(table);
            if (request.Out is null)
            {
                await output.WriteAsync(text);
                return 0;
            }
            try
            {
                await File.WriteAllTextAsync(request.Out, text, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"learningbot: error: cannot write {request.Out}: {e.Message}");
                return CommandFailures.Failed;
            }
            error.WriteLine($"Wrote {table.Rows.Count} {request.Table} rows to {request.Out}.");
            return 0;
        });
    }

    private static string? Usage(ExportRequest request)
    {
        if (!InsightsExport.Tables.Contains(request.Table))
            return $"unknown table '{request.Table}'; valid tables: {string.Join(", ", InsightsExport.Tables)}.";
        if (!InsightsExport.Formats.Contains(request.Format))
            return $"unknown format '{request.Format}'; valid formats: {string.Join(", ", InsightsExport.Formats)}.";
        if (Day(request.From) is not { } from)
            return $"--from '{request.From}' is not a date (YYYY-MM-DD).";
        if (Day(request.To) is not { } to)
            return $"--to '{request.To}' is not a date (YYYY-MM-DD).";
        return to < from ? $"--to {request.To} is before --from {request.From}." : null;
    }

    private static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
