using System.Text.RegularExpressions;

namespace LearningBot.Tests.Sandbox;

/// <summary>The sandbox page draws emoji shortcodes itself, so it must know every one the bot writes.</summary>
public sealed partial class SandboxEmojiTests
{
    [Fact]
    public void Every_emoji_shortcode_in_the_bots_messages_has_a_character_in_the_sandbox_page()
    {
        var root = RepositoryRoot();
        var used = Directory.EnumerateFiles(Path.Combine(root, "src", "LearningBot"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Shortcode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var script = File.ReadAllText(Path.Combine(root, "src", "LearningBot", "Sandbox", "Page", "sandbox.js"));
        var map = EmojiMap().Match(script);
        Assert.True(map.Success, "sandbox.js has no EMOJI map");
        var known = MapEntry().Matches(map.Groups[1].Value).Select(m => m.Groups[1].Value.Trim('\'')).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("fire", used);
        Assert.Contains("bookmark", used);
        Assert.Empty(used.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningBot.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        return directory.FullName;
    }

    /// <summary>A shortcode as the bot writes it in a message: after a quote or a space, before a space, quote or bold mark.</summary>
    [GeneratedRegex("""(?<=["\s(]):([a-z][a-z0-9_+-]*):(?=[\s"*])""")]
    private static partial Regex Shortcode();

    [GeneratedRegex(@"const EMOJI = \{(.*?)\};", RegexOptions.Singleline)]
    private static partial Regex EmojiMap();

    [GeneratedRegex(@"('[^']+'|[a-z0-9_]+):\s*'")]
    private static partial Regex MapEntry();
}
