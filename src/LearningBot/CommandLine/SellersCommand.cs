using System.CommandLine;
using LearningBot.Sellers;

namespace LearningBot.CommandLine;

/// <summary>learningbot sellers import FILE.csv|FILE.json: checks every row first and writes all of them or none (exit 1).</summary>
internal static class SellersCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A roster: CSV with a header or a JSON array; email required; slack_user_id, display_name, time_zone, calendar_url, manager_email optional." };
        var import = new Command("import", "Add or update sellers by email from a roster file: all rows or none.") { file };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("sellers", "Manage the sellers the bot teaches.") { import };
    }

    public static Task<int> RunAsync(string path, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            if (await CommandHost.ReadAsync(path, error, cancellationToken) is not { } text)
                return CommandFailures.Failed;
            var (sellers, errors) = RosterFile.Read(path, text);
            if (errors.Count > 0)
            {
                foreach (var line in errors)
                    error.WriteLine(line);
                error.WriteLine($"learningbot: error: {path} has {errors.Count} errors; no seller was imported.");
                return CommandFailures.Failed;
            }
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            try
            {
                var summary = await session.Services.GetRequiredService<RosterImporter>().ImportAsync(sellers, cancellationToken);
                output.WriteLine($"Imported {path}. {summary}");
                return 0;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                error.WriteLine($"learningbot: error: {path}: a slack_user_id already belongs to another seller ({e.ConstraintName}); no seller was imported.");
                return CommandFailures.Failed;
            }
        });
}
