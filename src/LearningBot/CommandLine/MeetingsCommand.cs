using System.CommandLine;
using LearningBot.Meetings;

namespace LearningBot.CommandLine;

/// <summary>
/// learningbot meetings import FILE.ics --seller EMAIL: one seller's meetings from an iCalendar file, in one transaction;
/// learningbot meetings import FILE.json: a POST /api/meetings body from a file, all meetings or none (exit 1).
/// </summary>
internal static class MeetingsCommand
{
    public static Command Create(TimeProvider time)
    {
        var file = new Argument<string>("file") { Description = "An iCalendar (.ics) export, or a .json file shaped like the body of POST /api/meetings." };
        var seller = new Option<string?>("--seller") { Description = "The seller's email (already on the roster); required for .ics, a check for .json." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the window (default now); entries in the next --days are read (.ics only)." };
        var days = new Option<int>("--days") { Description = "Length of the window in days (.ics only).", DefaultValueFactory = _ => (int)IcsCalendarReader.DefaultWindow.TotalDays };
        var import = new Command("import", "Read meetings from an .ics file (one seller; meetings gone from the window are cancelled) or a .json file (like POST /api/meetings) and match them to partners.")
        {
            file, seller, from, days,
        };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, parse.GetValue(seller), parse.GetValue(from) ?? time.GetUtcNow(), TimeSpan.FromDays(parse.GetValue(days)),
            [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("meetings", "Manage sellers' meetings.") { import };
    }

    public static Task<int> RunAsync(
        string path, string? sellerEmail, DateTimeOffset from, TimeSpan window, string[] settings, TextWriter output, TextWriter error,
        CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(366))
            {
                error.WriteLine("learningbot: error: --days must be between 1 and 366.");
                return CommandFailures.Failed;
            }
            if (await CommandHost.ReadAsync(path, error, cancellationToken) is not { } text)
                return CommandFailures.Failed;
            if (MeetingJsonFile.IsJson(path, text))
                return await ImportJsonAsync(path, text, sellerEmail, settings, output, error, cancellationToken);
            if (string.IsNullOrWhiteSpace(sellerEmail))
            {
                error.WriteLine($"learningbot: error: {path} is an iCalendar file: say whose it is with --seller EMAIL.");
                return CommandFailures.Failed;
            }
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            try
            {
                var (_, summary) = await session.Services.GetRequiredService<MeetingFileImporter>()
                    .ImportAsync(path, text, sellerEmail, from, window, cancellationToken);
                output.WriteLine($"Imported {path} for {sellerEmail.Trim().ToLowerInvariant()}: {summary}");
                return 0;
            }
            catch (MeetingImportException e)
            {
                error.WriteLine($"learningbot: error: {e.Message}; nothing was imported.");
                return CommandFailures.Failed;
            }
        });

    private static async Task<int> ImportJsonAsync(
        string path, string text, string? sellerEmail, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var session = await CommandHost.StartAsync(settings, cancellationToken);
        var result = await session.Services.GetRequiredService<MeetingFileImporter>().ImportJsonAsync(path, text, sellerEmail, cancellationToken);
        if (result.Errors.Count > 0)
        {
            foreach (var line in result.Errors)
                error.WriteLine(line);
            error.WriteLine($"learningbot: error: {path} has {result.Errors.Count} errors; no meeting was imported.");
            return CommandFailures.Failed;
        }
        output.WriteLine($"Imported {path}: {result.Received} meetings received, {result.Changed} new or changed, {result.Cancelled} cancelled.");
        return 0;
    }
}
