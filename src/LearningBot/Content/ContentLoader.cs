using System.Text;

namespace LearningBot.Content;

/// <summary>The directory cannot be read at all (missing, not a content directory, no permission): exit status 2.</summary>
internal sealed class ContentDirectoryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a whole content directory (partners/*.yaml, lessons/**/*.md) and lints it: each file on its own,
/// then what only the whole directory can tell (ids unique, partners exist).
/// </summary>
internal static class ContentLoader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ContentLibrary Load(string directory, decimal maxMinutes)
    {
        var root = Path.GetFullPath(directory);
        List<string> partnerFiles, lessonFiles;
        try
        {
            if (!Directory.Exists(root))
                throw new ContentDirectoryException($"cannot read \"{directory}\": there is no such directory");
            var partnersDir = Path.Combine(root, "partners");
            var lessonsDir = Path.Combine(root, "lessons");
            if (!Directory.Exists(partnersDir) && !Directory.Exists(lessonsDir))
                throw new ContentDirectoryException(
                    $"cannot read \"{directory}\": it has neither a partners/ nor a lessons/ folder, so it is not a content directory");
            partnerFiles = Directory.Exists(partnersDir)
                ? [.. Directory.EnumerateFiles(partnersDir, "*.*", SearchOption.TopDirectoryOnly)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))]
                : [];
            lessonFiles = Directory.Exists(lessonsDir)
                ? [.. Directory.EnumerateFiles(lessonsDir, "*.md", SearchOption.AllDirectories)]
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ContentDirectoryException($"cannot read \"{directory}\": {e.Message}", e);
        }

        var report = new LintReport();
        var partners = new List<ParsedPartner>();
        foreach (var file in partnerFiles.Order(StringComparer.Ordinal))
        {
            var path = Relative(root, file);
            if (Read(file, path, report) is { } text && PartnerParser.Parse(path, text, report) is { } partner)
                partners.Add(partner);
        }
        var lessons = new List<ParsedLesson>();
        foreach (var file in lessonFiles.Order(StringComparer.Ordinal))
        {
            var path = Relative(root, file);
            if (Read(file, path, report) is { } text && LessonParser.Parse(path, text, maxMinutes, report) is { } lesson)
                lessons.Add(lesson);
        }

        CheckUnique(partners.Select(p => (p.Partner.Id, p.Partner.SourcePath, p.IdLine)), "partner", report);
        CheckUnique(lessons.Select(l => (l.Lesson.Id, l.Lesson.SourcePath, l.IdLine)), "lesson", report);
        var partnerIds = partners.Select(p => p.Partner.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (lesson, _, partnerLine) in lessons)
        {
            if (lesson.PartnerId is not { } partnerId)
                continue;
            if (!partnerIds.Contains(partnerId))
                report.Error(lesson.SourcePath, partnerLine,
                    $"there is no partner \"{partnerId}\"; use the id of a file in partners/ ({(partnerIds.Count == 0 ? "there are none yet" : string.Join(", ", partnerIds.Order(StringComparer.Ordinal)))})");
            var folder = lesson.SourcePath.Split('/') is [_, var name, _, ..] ? name : null;
            if (folder is not null && folder != "campaigns" && folder != partnerId)
                report.Warning(lesson.SourcePath, partnerLine,
                    $"the lesson is in lessons/{folder}/ but is about \"{partnerId}\"; move it to lessons/{partnerId}/ so authors find it");
        }

        return new ContentLibrary(root, [.. partners.Select(p => p.Partner)], [.. lessons.Select(l => l.Lesson)], report);
    }

    private static void CheckUnique(IEnumerable<(string Id, string Path, int Line)> items, string what, LintReport report)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, path, line) in items)
        {
            if (id.Length == 0)
                continue;
            if (first.TryGetValue(id, out var other))
                report.Error(path, line, $"the {what} id \"{id}\" is already used by {other}; every {what} needs its own id");
            else
                first[id] = path;
        }
    }

    private static string? Read(string file, string path, LintReport report)
    {
        try
        {
            var text = File.ReadAllText(file, StrictUtf8);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            report.Error(path, 1, "the file is not UTF-8 text; save it as UTF-8 in your editor");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Error(path, 1, $"the file cannot be read: {e.Message}");
        }
        return null;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
