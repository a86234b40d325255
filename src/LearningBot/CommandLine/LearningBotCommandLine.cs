using System.CommandLine;

namespace LearningBot.CommandLine;

/// <summary>
/// The verbs of the one executable. Options a verb does not know (such as --urls X or --Slack:BotToken=…)
/// pass through to the host's configuration, the way a plain ASP.NET Core app reads its arguments; any other word
/// is a usage error (exit 2), so a mistyped verb never starts the server.
/// </summary>
internal static class LearningBotCommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("LearningBot: just-in-time partner micro-lessons for sellers, in Slack.\n"
            + "With no command it runs 'serve'.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        Command[] verbs =
        [
            serve, MigrateCommand.Create(), LintCommand.Create(), ImportCommand.Create(), SellersCommand.Create(),
            MeetingsCommand.Create(TimeProvider.System), OpportunitiesCommand.Create(), SimulateCommand.Create(),
            InsightsCommand.Create(), InboxCommand.Create(),
        ];
        foreach (var verb in verbs)
            root.Subcommands.Add(verb);
        root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(parse, cancellationToken));

        var parse = root.Parse(args);
        if (UsageErrors.Find(parse, verbs) is { } usage)
        {
            Console.Error.WriteLine($"learningbot: error: {usage}");
            return Task.FromResult(UsageErrors.ExitCode);
        }
        // The host handles Ctrl+C and SIGTERM itself, shutting down in order.
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
