using System.CommandLine;
using LearningBot.Infrastructure.Database;

namespace LearningBot.CommandLine;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate",
            "Bring the database schema up to date and exit. Safe to run while other instances start: they take turns.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            await using var host = await CommandHost.StartAsync([.. parse.UnmatchedTokens], cancellationToken);
            var report = host.Migration;
            Console.WriteLine(report.Applied.Count == 0
                ? $"Schema is up to date at version {report.SchemaVersion}."
                : $"Applied {report.Applied.Count} migration(s): {string.Join(", ", report.Applied.Select(m => m.Name))}. Schema at version {report.SchemaVersion}.");
            return 0;
        });
}
