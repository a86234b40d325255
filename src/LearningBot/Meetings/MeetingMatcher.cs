using System.Text.RegularExpressions;

namespace LearningBot.Meetings;

/// <summary>A partner as the matcher sees it: what it is called and where its people have email.</summary>
internal sealed record MatchablePartner(string Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> EmailDomains);

/// <summary>An open opportunity: a customer account (by email domain) being worked with a partner.</summary>
internal sealed record OpenOpportunity(string AccountDomain, string PartnerId);

/// <summary>What is known about one meeting when deciding which partners it involves.</summary>
internal sealed record MeetingFacts(string Title, string Description, IReadOnlyList<string> AttendeeEmails, string SellerEmailDomain);

/// <summary>One partner a meeting involves, with the evidence in words a seller understands.</summary>
internal sealed record PartnerMatch(string PartnerId, string Reason);

/// <summary>
/// Decides which partners a meeting involves and why. Three kinds of evidence, strongest first: someone from the
/// partner attends ("rep@northwinddata.com is attending"); the title or description names the partner (whole word,
/// case-insensitive; "the title names Northwind"); an external attendee's company has an open opportunity with the
/// partner ("Globex has an open Northwind Data opportunity"). A meeting whose attendees are all at the seller's own domain
/// involves no customer and matches nothing, whatever its title says.
/// </summary>
internal static class MeetingMatcher
{
    public static IReadOnlyList<PartnerMatch> Match(
        MeetingFacts meeting, IReadOnlyList<MatchablePartner> partners, IReadOnlyList<OpenOpportunity> opportunities)
    {
        var ownDomain = Normalize(meeting.SellerEmailDomain);
        var attendeeDomains = meeting.AttendeeEmails
            .Select(DomainOf)
            .Where(d => d.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var externalDomains = attendeeDomains.Where(d => d != ownDomain).ToList();
        if (externalDomains.Count == 0)
            return [];

        var matches = new List<PartnerMatch>();
        foreach (var partner in partners)
        {
            if (Reason(meeting, partner, externalDomains, opportunities) is { } reason)
                matches.Add(new PartnerMatch(partner.Id, reason));
        }
        return matches;
    }

    private static string? Reason(
        MeetingFacts meeting, MatchablePartner partner, IReadOnlyList<string> externalDomains, IReadOnlyList<OpenOpportunity> opportunities)
    {
        var partnerDomains = partner.EmailDomains.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var attending = meeting.AttendeeEmails
            .Where(e => partnerDomains.Contains(DomainOf(e)))
            .Select(e => Address(e))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (attending.Count == 1)
            return $"{attending[0]} is attending";
        if (attending.Count > 1)
            return $"{attending[0]} and {attending.Count - 1} more from {partner.Name.Trim()} are attending";

        foreach (var name in partner.Aliases.Prepend(partner.Name).Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (NamesWholeWord(meeting.Title, name))
                return $"the title names {name.Trim()}";
        }
        foreach (var name in partner.Aliases.Prepend(partner.Name).Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (NamesWholeWord(meeting.Description, name))
                return $"the description names {name.Trim()}";
        }

        foreach (var domain in externalDomains)
        {
            if (opportunities.Any(o => o.PartnerId == partner.Id && Normalize(o.AccountDomain) == domain))
                return $"{AccountName(domain)} has an open {partner.Name.Trim()} opportunity";
        }
        return null;
    }

    /// <summary>Whole word: no letter or digit directly before or after, so "Northwinds" and "nwd123" do not count.</summary>
    internal static bool NamesWholeWord(string text, string name)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        var words = Regex.Split(name.Trim(), @"\s+").Select(Regex.Escape);
        var pattern = @"(?<![\p{L}\p{N}])" + string.Join(@"\s+", words) + @"(?![\p{L}\p{N}])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    internal static string DomainOf(string email)
    {
        var address = Address(email);
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : Normalize(address[(at + 1)..]);
    }

    private static string Address(string email)
    {
        var address = email.Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            address = address["mailto:".Length..];
        return address.ToLowerInvariant();
    }

    /// <summary>
    /// What a seller calls the customer when only its domain is known: the registered name, capitalised —
    /// "globex.com" and "mail.globex.co.uk" are both "Globex", "blue-yonder.io" is "Blue Yonder".
    /// </summary>
    internal static string AccountName(string domain)
    {
        var labels = Normalize(domain).Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0)
            return domain;
        var index = labels.Length - 2;
        if (labels.Length >= 3 && labels[^1].Length == 2 && SecondLevel.Contains(labels[^2]))
            index = labels.Length - 3;
        var name = labels[Math.Max(index, 0)];
        return string.Join(' ', name.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private static readonly HashSet<string> SecondLevel = new(StringComparer.Ordinal) { "co", "com", "org", "net", "ac", "gov", "edu", "ne", "or" };

    private static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();
}
