using System.CommandLine;
using LearningBot.Content;
using LearningBot.Insights;

namespace LearningBot.CommandLine;

/// <summary>learningbot lint DIR: every finding as path:line: error|warning: message; exit 0 clean, 1 errors, 2 unreadable.</summary>
internal static class LintCommand
{
    public const int Clean = 0;
    public const int Errors = 1;
    public const int Unreadable = 2;

    public static Command Create()
    {
        var directory = ContentArguments.Directory();
        var maxMinutes = ContentArguments.MaxMinutes();
        var withInsights = new Option<bool>("--with-insights")
        {
            Description = "Also print, per lesson file and question, the first-try accuracy and the most-chosen wrong answer (reads the database).",
        };
        var command = new Command("lint", "Check a content directory against the content format and print what to fix. Writes nothing.")
        {
            directory,
            maxMinutes,
            withInsights,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => parse.GetValue(withInsights)
            ? RunWithInsightsAsync(parse.GetValue(directory)!, parse.GetValue(maxMinutes), [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken)
            : Task.FromResult(Run(parse.GetValue(directory)!, parse.GetValue(maxMinutes), parse.UnmatchedTokens, Console.Out, Console.Error)));
        return command;
    }

    public static int Run(string directory, decimal? maxMinutes, IEnumerable<string> settings, TextWriter output, TextWriter error)
    {
        decimal budget;
        try
        {
            budget = ContentArguments.ResolveMaxMinutes(maxMinutes, ContentArguments.Configuration(settings));
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"learningbot: error: {e.Message}");
            return Errors;
        }
        if (Load(directory, budget, error) is not { } library)
            return Unreadable;
        library.Report.WriteTo(output);
        output.WriteLine($"{directory}: {library.Report.Summary(library.Partners.Count, library.Lessons.Count)}");
        return library.Report.HasErrors ? Errors : Clean;
    }

    /// <summary>The lint report, then how each question of each lesson file fared with sellers so far.</summary>
    public static async Task<int> RunWithInsightsAsync(
        string directory, decimal? maxMinutes, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var exit = Run(directory, maxMinutes, settings, output, error);
        if (exit == Unreadable)
            return exit;
        var library = ContentLoader.Load(directory, ContentArguments.ResolveMaxMinutes(maxMinutes, ContentArguments.Configuration(settings)));
        var insights = await CommandFailures.GuardAsync(async () =>
        {
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            var today = DateOnly.FromDateTime(session.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            var stats = await session.Services.GetRequiredService<InsightsQueries>().QuestionsAsync(new InsightsFilter(DateOnly.MinValue, today), cancellationToken);
            foreach (var line in LintInsights.Lines(library.Lessons, stats))
                output.WriteLine(line);
            return Clean;
        });
        return insights == Clean ? exit : insights;
    }

    /// <summary>Loads and lints, or explains on <paramref name="error"/> why the directory cannot be read.</summary>
    public static ContentLibrary? Load(string directory, decimal maxMinutes, TextWriter error)
    {
        try
        {
            return ContentLoader.Load(directory, maxMinutes);
        }
        catch (ContentDirectoryException e)
        {
            error.WriteLine($"learningbot: error: {e.Message}");
            return null;
        }
    }
}
