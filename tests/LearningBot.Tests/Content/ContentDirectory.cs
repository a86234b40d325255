using LearningBot.CommandLine;

namespace LearningBot.Tests.Content;

/// <summary>A throwaway content directory on disk, with one valid partner and lesson to start from.</summary>
public sealed class ContentDirectory : IDisposable
{
    public const string PartnerPath = "partners/sample-partner.yaml";
    public const string LessonPath = "lessons/sample-partner/lesson.md";

    public const string ValidPartner = """
        id: sample-partner
        name: Sample Partner
        aliases: [Sample]
        domains: [samplepartner.com]
        channel: "#partner-sample"
        summary: Makes samples.

        """;

    // Line numbers matter to the tests: id is line 2, objective line 5, minutes line 7, media line 8, quiz line 12.
    public const string ValidLesson = """
        ---
        id: sample-lesson
        title: Qualify a sample co-sell
        partner: sample-partner
        objective: List the three signals of a sample co-sell
        objective_kind: qualify-cosell
        minutes: 1
        media:
          - type: image
            url: https://example.com/signals.png
            alt: The three signals
        quiz:
          - kind: choice
            prompt: Which signal matters most?
            options: [Slow dashboards, Many BI tools, Big warehouse]
            correct: Slow dashboards
            explanation: It predicts the win.
        ---
        Ask about slow dashboards first.

        """;

    public ContentDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "lbcontent-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static ContentDirectory WithSample(string? lesson = null, string? partner = null)
    {
        var directory = new ContentDirectory();
        directory.Write(PartnerPath, partner ?? ValidPartner);
        directory.Write(LessonPath, lesson ?? ValidLesson);
        return directory;
    }

    public ContentDirectory Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    /// <summary>Runs the lint verb in-process: exit code, the lines it printed, and what went to standard error.</summary>
    public (int ExitCode, IReadOnlyList<string> Lines, string Error) Lint(decimal? maxMinutes = null, params string[] settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LintCommand.Run(Root, maxMinutes, settings, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The last line is the summary; the findings come before it.
        return (exit, lines.Length == 0 ? [] : lines[..^1], error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
