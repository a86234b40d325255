using System.Text.RegularExpressions;

namespace LearningBot.Content;

internal sealed record ParsedPartner(PartnerDefinition Partner, int IdLine);

/// <summary>Reads one partners/&lt;id&gt;.yaml file: who the partner is and how to recognise them in a meeting.</summary>
internal static partial class PartnerParser
{
    private static readonly string[] Keys = ["id", "name", "aliases", "domains", "channel", "summary"];

    public static ParsedPartner? Parse(string path, string text, LintReport report)
    {
        var map = LessonParser.LoadMapping(path, text.ReplaceLineEndings("\n"), 0, report);
        if (map is null)
            return null;
        map.RejectUnknownKeys(Keys);

        var id = map.String("id", required: true);
        if (id is not null && !LessonParser.IdPattern().IsMatch(id))
            report.Error(path, map.KeyLine("id"),
                $"the partner id \"{id}\" may only use lowercase letters, digits and dashes, such as \"northwind-data\"");
        var fileName = Path.GetFileNameWithoutExtension(path);
        if (id is not null && id != fileName)
            report.Warning(path, map.KeyLine("id"), $"the file is named \"{fileName}\" but the id is \"{id}\"; name the file {id}.yaml so authors find it");

        var name = map.String("name", required: true);
        var aliases = map.StringList("aliases") ?? [];
        foreach (var (alias, line) in aliases.Where(a => a.Text.Length < 2))
            report.Error(path, line, $"the alias \"{alias}\" is too short to recognise the partner in a meeting title; use at least two characters");

        var domains = map.StringList("domains") ?? [];
        foreach (var (domain, line) in domains.Where(d => !DomainPattern().IsMatch(d.Text)))
            report.Error(path, line, $"\"{domain}\" is not an email domain; write only the part after the @, in lowercase, such as northwinddata.com");
        if (aliases.Count == 0 && domains.Count == 0)
            report.Warning(path, map.Line, "the partner has neither aliases nor domains, so no meeting will ever be matched to it; add at least one");

        var channel = map.String("channel");
        if (channel is not null && !ChannelPattern().IsMatch(channel))
            report.Error(path, map.KeyLine("channel"),
                $"the channel \"{channel}\" should be a channel name such as \"#partner-northwind\" (in quotes) or a channel id such as C0123ABCD");
        var summary = map.String("summary");

        var partner = new PartnerDefinition(id ?? "", name ?? "", [.. aliases.Select(a => a.Text)], [.. domains.Select(d => d.Text)],
            channel, summary, path);
        return new ParsedPartner(partner, map.KeyLine("id"));
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^(#[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{8,})$")]
    private static partial Regex ChannelPattern();
}
