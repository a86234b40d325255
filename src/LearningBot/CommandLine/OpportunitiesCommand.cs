using System.CommandLine;
using LearningBot.Meetings;

namespace LearningBot.CommandLine;

/// <summary>learningbot opportunities import FILE.csv: all rows or none; upcoming meetings are re-matched afterwards.</summary>
internal static class OpportunitiesCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "CSV with account_domain, partner, stage, owner_email (and optionally id)." };
        var import = new Command("import", "Add or update opportunities from a CSV file: all rows or none.") { file };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("opportunities", "Manage the open opportunities used as matching evidence.") { import };
    }

    public static Task<int> RunAsync(string path, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            if (await CommandHost.ReadAsync(path, error, cancellationToken) is not { } text)
                return CommandFailures.Failed;
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            var result = await session.Services.GetRequiredService<OpportunityImporter>().ImportAsync(path, text, cancellationToken);
            if (result.Errors.Count > 0)
            {
                foreach (var line in result.Errors)
                    error.WriteLine(line);
                error.WriteLine($"learningbot: error: {path} has {result.Errors.Count} errors; no opportunity was imported.");
                return CommandFailures.Failed;
            }
            output.WriteLine($"Imported {path}. {result}");
            return 0;
        });
}
