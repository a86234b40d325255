using System.CommandLine;
using LearningBot.Content;

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
        var command = new Command("lint", "Check a content directory against the content format and print what to fix. Writes nothing.")
        {
            directory,
            maxMinutes,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => Run(
            parse.GetValue(directory)!, parse.GetValue(maxMinutes), parse.UnmatchedTokens, Console.Out, Console.Error));
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
