namespace LearningBot.Content;

/// <summary>
/// Finds the starter library: the configured folder, else the nearest seeds/ folder (with partners/ or lessons/ in it)
/// above the working directory or the app's own directory, so both "dotnet run" and a published app find it.
/// </summary>
internal static class SeedDirectory
{
    public const string FolderName = "seeds";

    public static string? Find(string? configured, IEnumerable<string> startingPoints)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        foreach (var start in startingPoints)
        {
            for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, FolderName);
                if (Directory.Exists(Path.Combine(candidate, "lessons")) || Directory.Exists(Path.Combine(candidate, "partners")))
                    return candidate;
            }
        }
        return null;
    }
}
