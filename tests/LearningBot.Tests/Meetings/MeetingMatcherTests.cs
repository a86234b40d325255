using LearningBot.Meetings;

namespace LearningBot.Tests.Meetings;

public sealed class MeetingMatcherTests
{
    private const string Own = "brightlinecloud.com";
    private const string Seller = "maya.chen@brightlinecloud.com";

    private static readonly MatchablePartner Northwind = new("northwind-data", "Northwind Data", ["Northwind", "NWD"], ["northwinddata.com"]);
    private static readonly MatchablePartner Harborlight = new("harborlight", "Harborlight Security", ["Harborlight"], ["harborlightsec.com"]);
    private static readonly MatchablePartner[] Partners = [Northwind, Harborlight];

    private static IReadOnlyList<PartnerMatch> Match(string title, string description, string[] attendees, params OpenOpportunity[] opportunities) =>
        MeetingMatcher.Match(new MeetingFacts(title, description, attendees, Own), Partners, opportunities);

    [Fact]
    public void Attendee_at_a_partner_domain_matches_that_partner_with_the_attendee_as_the_reason()
    {
        var matches = Match("Customer sync", "", [Seller, "dana@contoso.com", "rep@NorthwindData.com"]);

        Assert.Equal([new PartnerMatch("northwind-data", "rep@northwinddata.com is attending")], matches);
    }

    [Fact]
    public void Partner_name_in_the_title_matches_case_insensitively()
    {
        var matches = Match("contoso + northwind data joint pitch", "", [Seller, "dana@contoso.com"]);

        Assert.Equal([new PartnerMatch("northwind-data", "the title names Northwind Data")], matches);
    }

    [Fact]
    public void Alias_in_the_title_matches_and_the_reason_names_the_alias()
    {
        var matches = Match("Contoso: Northwind demo", "", [Seller, "dana@contoso.com"]);

        Assert.Equal([new PartnerMatch("northwind-data", "the title names Northwind")], matches);
    }

    [Fact]
    public void Alias_in_the_description_matches_when_the_title_does_not_name_the_partner()
    {
        var matches = Match("Contoso discovery", "Bring the NWD benchmark.", [Seller, "dana@contoso.com"]);

        Assert.Equal([new PartnerMatch("northwind-data", "the description names NWD")], matches);
    }

    [Theory]
    [InlineData("Northwinds of change")]
    [InlineData("ticket nwd123")]
    [InlineData("anwd review")]
    [InlineData("Harborlights and boats")]
    public void Name_inside_a_longer_word_does_not_match(string title)
    {
        Assert.Empty(Match(title, title, [Seller, "dana@contoso.com"]));
    }

    [Theory]
    [InlineData("Northwind")]
    [InlineData("(Northwind)")]
    [InlineData("Contoso/Northwind sync")]
    [InlineData("NORTHWIND, Contoso")]
    [InlineData("Contoso x NWD.")]
    public void Name_next_to_punctuation_is_a_whole_word(string title)
    {
        Assert.Equal(["northwind-data"], Match(title, "", [Seller, "dana@contoso.com"]).Select(m => m.PartnerId));
    }

    [Fact]
    public void External_attendee_with_an_open_opportunity_matches_the_opportunitys_partner()
    {
        var matches = Match("Acme quarterly", "", [Seller, "ceo@acme.com"], new OpenOpportunity("acme.com", "northwind-data"));

        Assert.Equal([new PartnerMatch("northwind-data", "Acme has an open Northwind Data opportunity")], matches);
    }

    [Fact]
    public void Opportunity_for_a_domain_nobody_attends_from_does_not_match()
    {
        Assert.Empty(Match("Acme quarterly", "", [Seller, "ceo@acme.com"], new OpenOpportunity("globex.com", "northwind-data")));
    }

    [Fact]
    public void Internal_meeting_matches_nothing_even_when_it_names_a_partner()
    {
        var matches = Match("Northwind pipeline review", "Harborlight deals", [Seller, "sam.ortiz@brightlinecloud.com"],
            new OpenOpportunity("brightlinecloud.com", "northwind-data"));

        Assert.Empty(matches);
    }

    [Fact]
    public void Meeting_with_no_attendees_is_treated_as_internal()
    {
        Assert.Empty(Match("Northwind prep", "", []));
    }

    [Fact]
    public void Several_partners_each_get_their_own_reason_and_attendance_is_the_strongest_evidence()
    {
        var matches = Match("Fabrikam security review with Northwind", "", [Seller, "raj@fabrikam.com", "erin@harborlightsec.com", "rep@northwinddata.com"]);

        Assert.Equal(
            [new PartnerMatch("northwind-data", "rep@northwinddata.com is attending"), new PartnerMatch("harborlight", "erin@harborlightsec.com is attending")],
            matches);
    }

    [Fact]
    public void Customer_meeting_without_any_evidence_matches_nothing()
    {
        Assert.Empty(Match("Contoso analytics discovery", "Dashboards are slow.", [Seller, "dana@contoso.com"]));
    }

    [Fact]
    public void Domain_comparison_ignores_case_and_mailto_prefixes()
    {
        var matches = MeetingMatcher.Match(
            new MeetingFacts("Sync", "", ["mailto:Maya.Chen@BrightlineCloud.com", "MAILTO:Rep@NORTHWINDDATA.COM"], "BrightlineCloud.com"),
            Partners, []);

        Assert.Equal([new PartnerMatch("northwind-data", "rep@northwinddata.com is attending")], matches);
    }

    [Fact]
    public void Several_attendees_from_one_partner_are_named_once_with_a_count()
    {
        var matches = Match("Sync", "", [Seller, "dana@contoso.com", "rep@northwinddata.com", "se@northwinddata.com"]);

        Assert.Equal([new PartnerMatch("northwind-data", "rep@northwinddata.com and 1 more from Northwind Data are attending")], matches);
    }

    [Theory]
    [InlineData("globex.com", "Globex")]
    [InlineData("mail.globex.com", "Globex")]
    [InlineData("globex.co.uk", "Globex")]
    [InlineData("blue-yonder.io", "Blue Yonder")]
    [InlineData("localhost", "Localhost")]
    public void Account_is_named_by_its_domains_registered_name(string domain, string name)
    {
        Assert.Equal(name, MeetingMatcher.AccountName(domain));
    }
}
