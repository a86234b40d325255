using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningBot.Content;

/// <summary>
/// A lesson has one objective a seller can be seen doing afterwards ("List the three ...", not "Review ...").
/// Returns what is wrong with an objective, each as a message that tells the author what to write instead.
/// </summary>
internal static partial class ObjectiveLinter
{
    public static readonly IReadOnlySet<string> ActionVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "answer", "apply", "articulate", "ask", "assess", "book", "build", "calculate", "choose", "classify", "compare",
        "contrast", "convince", "decide", "define", "demonstrate", "describe", "detect", "differentiate", "distinguish",
        "draft", "engage", "estimate", "evaluate", "explain", "find", "frame", "give", "handle", "identify", "introduce",
        "justify", "list", "locate", "map", "match", "name", "outline", "pick", "pitch", "plan", "position", "predict",
        "prepare", "present", "prioritise", "prioritize", "propose", "qualify", "quote", "rank", "recognise", "recognize",
        "recommend", "register", "rephrase", "respond", "route", "select", "size", "sketch", "spot", "state", "submit",
        "summarise", "summarize", "tell", "translate", "use", "write",
    };

    // Each passive verb, the words that usually follow it and are dropped, and the verb to write instead.
    private static readonly (string Phrase, string Instead)[] PassivePhrases =
    [
        ("demonstrate an understanding of", "Explain"), ("demonstrate understanding of", "Explain"),
        ("demonstrate knowledge of", "Describe"), ("have an understanding of", "Explain"), ("gain an understanding of", "Explain"),
        ("learn about", "Describe"), ("be aware of", "Identify"), ("become aware of", "Identify"), ("go over", "List"),
        ("get to know", "Describe"), ("familiarize yourself with", "Describe"), ("familiarise yourself with", "Describe"),
        ("familiarize themselves with", "Describe"), ("familiarize with", "Describe"), ("be familiar with", "Describe"),
        ("review", "List"), ("understand", "Explain"), ("know", "Name"), ("learn", "Describe"), ("appreciate", "Explain"),
        ("familiarize", "Describe"), ("familiarise", "Describe"), ("explore", "Describe"), ("cover", "List"),
        ("see", "Identify"), ("discover", "Describe"), ("grasp", "Explain"), ("realize", "Explain"), ("realise", "Explain"),
        ("watch", "Describe"), ("read", "Describe"), ("study", "Describe"), ("be introduced to", "Describe"),
    ];

    // Words that are verbs only sometimes ("the use of", "a price map"): a second objective only when an object follows.
    private static readonly IReadOnlySet<string> NounLikeVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "answer", "book", "build", "define", "find", "frame", "give", "map", "match", "name", "pick", "pitch", "plan",
        "position", "present", "quote", "rank", "respond", "route", "size", "sketch", "spot", "state", "use", "tell",
    };

    private static readonly IReadOnlySet<string> ObjectStarters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "each", "every", "their", "its", "his", "her", "your", "our", "how", "why", "what", "which",
        "who", "when", "where", "one", "two", "three", "four", "five", "it", "them", "this", "that", "these", "those",
    };

    private const string Examples = "list, name, identify, explain, compare, qualify or position";

    public static IReadOnlyList<string> Check(string objective)
    {
        var problems = new List<string>();
        var text = WhiteSpace().Replace(objective, " ").Trim();
        if (text.Length == 0)
            return ["the objective is empty; write the one thing a seller will be able to do after the lesson, such as \"List the three signals of a co-sell opportunity\""];

        var statement = Prefix().Replace(text, "", 1);
        if (statement.Length == 0)
            return ["the objective stops after its opening words; finish it with what the seller will be able to do"];

        var passive = PassivePhrases.FirstOrDefault(p => StartsWithWords(statement, p.Phrase));
        if (passive.Phrase is not null)
        {
            problems.Add($"objective uses the passive verb \"{passive.Phrase}\"; say what the learner will be able to do, "
                + $"for example \"{Rewrite(statement, passive)}\"");
        }
        else
        {
            var first = FirstWord(statement);
            if (!ActionVerbs.Contains(first))
            {
                problems.Add($"objective must start with an action a seller can be seen doing ({Examples}); "
                    + $"\"{first}\" is not one, so rephrase it as, for example, \"List ...\" or \"Explain ...\"");
            }
        }

        if (SecondSentence().IsMatch(WithoutAbbreviations(statement)))
        {
            problems.Add("objective has more than one sentence; keep a single objective per lesson and move the rest into a lesson of its own");
        }
        else if (SecondAction(statement) is { } joined)
        {
            problems.Add($"objective joins two objectives (\"... {joined} ...\"); keep the one that matters most and put the other in a lesson of its own");
        }
        return problems;
    }

    private static string? SecondAction(string statement)
    {
        foreach (Match match in Joiner().Matches(statement))
        {
            var verb = match.Groups["verb"].Value;
            var next = match.Groups["next"].Value;
            var isPassive = PassivePhrases.Any(p => string.Equals(p.Phrase.Split(' ')[0], verb, StringComparison.OrdinalIgnoreCase));
            if (!ActionVerbs.Contains(verb) && !isPassive)
                continue;
            if (NounLikeVerbs.Contains(verb) && !ObjectStarters.Contains(next))
                continue;
            return $"{match.Groups["joiner"].Value.Trim().TrimStart(',').Trim()} {verb}".Trim();
        }
        return null;
    }

    private static string Rewrite(string statement, (string Phrase, string Instead) passive)
    {
        var rest = statement[passive.Phrase.Length..].TrimStart();
        rest = Filler().Replace(rest, "", 1);
        return rest.Length == 0 ? passive.Instead + " ..." : $"{passive.Instead} {rest}";
    }

    private static bool StartsWithWords(string text, string phrase) =>
        text.StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
        && (text.Length == phrase.Length || !char.IsLetter(text[phrase.Length]));

    private static string FirstWord(string text) =>
        new string(text.TakeWhile(c => char.IsLetter(c) || c is '-' or '\'').ToArray()) is { Length: > 0 } word
            ? word.ToLower(CultureInfo.InvariantCulture)
            : text.Split(' ')[0];

    private static string WithoutAbbreviations(string text) => Abbreviation().Replace(text, "x");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^(?:(?:the\s+)?learners?|sellers?|you|participants?)\s+(?:will\s+be\s+able\s+to|should\s+be\s+able\s+to|can|will)\s*:?\s*|^be\s+able\s+to\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^(?:yourself|themselves|oneself)\s+with\s+|^(?:about|of|with)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Filler();

    // A sentence end (or semicolon) followed by more words.
    [GeneratedRegex(@"[.!?;]\s+\S|[.!?;]\s*\p{Lu}")]
    private static partial Regex SecondSentence();

    [GeneratedRegex(@"\b(?i:e\.g\.|i\.e\.|etc\.|vs\.|approx\.|incl\.)|\b[A-Z]\.(?=[A-Z]\.|\s+\p{Ll})")]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"(?<joiner>,?\s+(?:and\s+then|and\s+also|as\s+well\s+as|and|then|plus)\s+|,\s+)(?<verb>[A-Za-z]+)\s+(?<next>[A-Za-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Joiner();
}
