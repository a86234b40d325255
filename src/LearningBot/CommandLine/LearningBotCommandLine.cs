using System.CommandLine;

namespace LearningBot.CommandLine;

/// <summary>
/// The verbs of the one executable. Tokens a verb does not know (such as --urls or --Slack:BotToken=…)
/// pass through to the host's configuration, the way a plain ASP.NET Core app reads its arguments.
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
        root.Subcommands.Add(serve);
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(LintCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SellersCommand.Create());
        root.Subcommands.Add(MeetingsCommand.Create(TimeProvider.System));
        root.Subcommands.Add(OpportunitiesCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(parse, cancellationToken));

        // The host handles Ctrl+C and SIGTERM itself, shutting down in order.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
