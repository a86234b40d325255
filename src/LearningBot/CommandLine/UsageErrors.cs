using System.CommandLine;

namespace LearningBot.CommandLine;

/// <summary>
/// Tokens no verb claimed are host configuration only when they look like it (--Key=value, or --key value the way
/// ASP.NET Core reads them). Anything else is a mistake: a mistyped verb must not start the server.
/// </summary>
internal static class UsageErrors
{
    public const int ExitCode = 2;

    /// <summary>Null when every unclaimed token is configuration; otherwise what to tell the user.</summary>
    public static string? Find(ParseResult parse, IReadOnlyList<Command> verbs)
    {
        var command = parse.CommandResult.Command;
        if (StrayWord(parse.UnmatchedTokens) is not { } stray)
            return null;
        if (stray.StartsWith('-'))
            return $"option '{stray}' is not known and is not a setting (write settings as --Section:Key=value); see 'learningbot {Path(parse)}--help'.";
        if (command is RootCommand || command.Subcommands.Count > 0)
        {
            var siblings = command is RootCommand ? verbs : [.. command.Subcommands];
            var prefix = command is RootCommand ? "" : Path(parse);
            var suggestion = Closest(stray, siblings.Select(v => v.Name));
            return $"unknown command '{prefix}{stray}'"
                + (suggestion is null ? "" : $"; did you mean '{prefix}{suggestion}'?")
                + $"\nCommands: {string.Join(", ", siblings.Select(v => prefix + v.Name))}. See 'learningbot {prefix}--help'.";
        }
        return $"unexpected argument '{stray}' for '{command.Name}'; see 'learningbot {Path(parse)}--help'.";
    }

    /// <summary>The first token that is not configuration, or a trailing --key with no value.</summary>
    internal static string? StrayWord(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                return token;
            if (token.Contains('=', StringComparison.Ordinal))
                continue;
            if (i + 1 == tokens.Count)
                return token;
            i++; // --key value: the next token is the value, whatever it looks like (as ASP.NET Core reads it)
        }
        return null;
    }

    internal static string? Closest(string word, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Name: c, Distance: Distance(word.ToLowerInvariant(), c)))
            .Where(c => c.Distance <= Math.Max(1, c.Name.Length / 3) || c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    private static string Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }

    /// <summary>Edit distance with adjacent swaps, so "imprt" and "improt" are both one step from "import".</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
