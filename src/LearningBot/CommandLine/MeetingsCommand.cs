using System.CommandLine;
using LearningBot.Meetings;

namespace LearningBot.CommandLine;

/// <summary>learningbot meetings import FILE.ics --seller EMAIL: one seller's meetings from an iCalendar file, in one transaction.</summary>
internal static class MeetingsCommand
{
    public static Command Create(TimeProvider time)
    {
        var file = new Argument<string>("file") { Description = "An iCalendar (.ics) export." };
        var seller = new Option<string>("--seller") { Description = "The seller's email (already on the roster).", Required = true };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the window (default now); entries in the next --days are read." };
        var days = new Option<int>("--days") { Description = "Length of the window in days.", DefaultValueFactory = _ => (int)IcsCalendarReader.DefaultWindow.TotalDays };
        var import = new Command("import", "Read a seller's meetings from an .ics file and match them to partners; meetings gone from the window are cancelled.")
        {
            file, seller, from, days,
        };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, parse.GetValue(seller)!, parse.GetValue(from) ?? time.GetUtcNow(), TimeSpan.FromDays(parse.GetValue(days)),
            [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("meetings", "Manage sellers' meetings.") { import };
    }

    public static Task<int> RunAsync(
        string path, string sellerEmail, DateTimeOffset from, TimeSpan window, string[] settings, TextWriter output, TextWriter error,
        CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(366))
            {
                error.WriteLine("learningbot: error: --days must be between 1 and 366.");
                return CommandFailures.Failed;
            }
            if (await DataImportHost.ReadAsync(path, error, cancellationToken) is not { } text)
                return CommandFailures.Failed;
            await using var session = await DataImportHost.StartAsync(settings, cancellationToken);
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
}
