namespace LearningBot.Content;

internal enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem in one file, at the line an author should look at.</summary>
internal sealed record Finding(string Path, int Line, Severity Severity, string Message)
{
    public override string ToString() =>
        $"{Path}:{Line}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}

/// <summary>Collects findings and prints them compiler style, sorted by file and line.</summary>
internal sealed class LintReport
{
    private readonly List<Finding> _findings = [];

    public IReadOnlyList<Finding> Findings =>
        [.. _findings.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line)];

    public int ErrorCount => _findings.Count(f => f.Severity == Severity.Error);

    public int WarningCount => _findings.Count(f => f.Severity == Severity.Warning);

    public bool HasErrors => ErrorCount > 0;

    public void Error(string path, int line, string message) => _findings.Add(new Finding(path, line, Severity.Error, message));

    public void Warning(string path, int line, string message) => _findings.Add(new Finding(path, line, Severity.Warning, message));

    public void WriteTo(TextWriter writer)
    {
        foreach (var finding in Findings)
            writer.WriteLine(finding.ToString());
    }

    public string Summary(int partners, int lessons) =>
        $"{Plural(partners, "partner")}, {Plural(lessons, "lesson")}: {Plural(ErrorCount, "error")}, {Plural(WarningCount, "warning")}";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
