using System.Security.Cryptography;
using System.Text.Json;
using LearningBot.Infrastructure.Hosting;

namespace LearningBot.Infrastructure.Database;

/// <summary>
/// The embedded cluster's generated passwords: one for the bootstrap superuser (which only creates the database and the
/// role), one for the role the bot connects as. Kept in the data folder, readable by its owner only.
/// </summary>
internal sealed record LocalCredentials(string SuperUserPassword, string AppPassword)
{
    public const string FileName = "learningbot-credentials.json";

    public static LocalCredentials Generate() => new(NewPassword(), NewPassword());

    /// <summary>The stored passwords, or null when there is no file yet.</summary>
    public static LocalCredentials? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            var stored = JsonSerializer.Deserialize<LocalCredentials>(File.ReadAllText(path));
            if (stored is { SuperUserPassword: { Length: > 0 } super, AppPassword: { Length: > 0 } app } && IsHex(super) && IsHex(app))
                return stored;
        }
        catch (JsonException)
        {
        }
        throw new StartupException($"{path} is damaged. Restore it from a backup, or delete the local cluster's data folder to start afresh.");
    }

    /// <summary>Writes the file before the passwords are used, created owner-only from the start (never readable by others).</summary>
    public void Write(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        JsonSerializer.Serialize(file, this);
        file.Flush(flushToDisk: true);
    }

    // Hex only: the passwords go into ALTER ROLE, a statement that takes no parameters, so nothing in them may need quoting.
    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
