using System.CommandLine;
using LearningBot.Content;
using LearningBot.Infrastructure.Database;

namespace LearningBot.CommandLine;

/// <summary>
/// learningbot import DIR: lints first and imports nothing on any error (exit 1); otherwise brings the schema up to
/// date and writes the whole library in one transaction, printing what was added, changed, unchanged and archived.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var directory = ContentArguments.Directory();
        var maxMinutes = ContentArguments.MaxMinutes();
        var command = new Command("import",
            "Lint a content directory and, if it has no errors, write it to the database: all or nothing, safe to repeat.")
        {
            directory,
            maxMinutes,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(directory)!, parse.GetValue(maxMinutes), [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(
        string directory, decimal? maxMinutes, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = settings,
                ContentRootPath = AppContext.BaseDirectory,
            });
            decimal budget;
            try
            {
                budget = ContentArguments.ResolveMaxMinutes(maxMinutes, builder.Configuration);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"learningbot: error: {e.Message}");
                return LintCommand.Errors;
            }
            if (LintCommand.Load(directory, budget, error) is not { } library)
                return LintCommand.Unreadable;
            library.Report.WriteTo(output);
            if (library.Report.HasErrors)
            {
                error.WriteLine($"learningbot: error: {directory} has {library.Report.Summary(library.Partners.Count, library.Lessons.Count)}; nothing was imported. Fix the errors above and run import again.");
                return LintCommand.Errors;
            }

            await using var host = await CommandHost.StartAsync(settings, cancellationToken);
            var summary = await host.Services.GetRequiredService<ContentImporter>().ImportAsync(library, onlyIntoEmptyDatabase: false, cancellationToken);
            output.WriteLine($"Imported {directory}. {summary}");
            return LintCommand.Clean;
        });
}
