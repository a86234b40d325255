using LearningBot.Content;
using LearningBot.Sellers;
using LearningBot.SlackEmulator;

namespace LearningBot.Sandbox;

/// <summary>
/// The demo workspace the sandbox starts with, from <c>seeds/</c>: every roster seller as a member (with the roster's Slack id,
/// email and time zone), a DM with the bot each, and every partner channel named in a partner file with everyone in it.
/// </summary>
internal static partial class SandboxWorkspace
{
    public static EmulatedWorkspace Create(SandboxMode mode, TimeProvider clock, ContentOptions content, ILogger logger)
    {
        var workspace = new EmulatedWorkspace(clock, teamName: "LearningBot sandbox")
        {
            BotToken = mode.BotToken,
            SigningSecret = mode.SigningSecret,
            Url = new Uri(mode.PageUrl.ToString().TrimEnd('/') + "/"),
        };
        var directory = SeedDirectory.Find(content.SeedDirectory, [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);
        var members = directory is null ? [] : Members(workspace, directory, clock, logger);
        if (members.Count == 0)
            members = [workspace.AddUser("you", "you@example.com", "UTC", 0)];
        foreach (var member in members)
            workspace.DirectMessage(member);
        if (directory is not null)
            AddPartnerChannels(workspace, directory, content, members, logger);
        return workspace;
    }

    private static List<EmulatedUser> Members(EmulatedWorkspace workspace, string directory, TimeProvider clock, ILogger logger)
    {
        var path = Path.Combine(directory, "roster.csv");
        if (!File.Exists(path))
            return [];
        var (sellers, errors) = RosterFile.Read(path, File.ReadAllText(path));
        if (errors.Count > 0)
        {
            LogBadSeed(logger, path, errors[0]);
            return [];
        }
        var now = clock.GetUtcNow();
        return [.. sellers.Select(seller =>
        {
            var zone = SellerTimeZone.Find(seller.TimeZone ?? "UTC");
            var name = seller.Email.Split('@')[0];
            return workspace.AddUser(new EmulatedUser(seller.SlackUserId ?? workspace.NextId('U'), name, seller.DisplayName ?? name,
                seller.Email, zone.Id, (int)zone.GetUtcOffset(now).TotalSeconds));
        })];
    }

    private static void AddPartnerChannels(EmulatedWorkspace workspace, string directory, ContentOptions content, List<EmulatedUser> members, ILogger logger)
    {
        ContentLibrary library;
        try
        {
            library = ContentLoader.Load(directory, content.MaxMinutes);
        }
        catch (ContentDirectoryException e)
        {
            LogBadSeed(logger, directory, e.Message);
            return;
        }
        var names = library.Partners.Select(p => p.Channel?.TrimStart('#').Trim()).OfType<string>().Where(n => n.Length > 0);
        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            workspace.AddChannel(name, members: [.. members]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox workspace leaves out {Path}: {Reason}")]
    private static partial void LogBadSeed(ILogger logger, string path, string reason);
}
