using System.Globalization;
using System.Text.RegularExpressions;
using LearningBot.Content;
using LearningBot.Infrastructure;
using LearningBot.Meetings;
using Microsoft.Extensions.Options;

namespace LearningBot.Delivery.Simulation;

/// <summary>A simulate input cannot be used; the message names the file or option and says why.</summary>
internal sealed class SimulationInputException(string message) : Exception(message);

/// <summary>The command-line arguments of <c>learningbot simulate</c>, as given.</summary>
internal sealed record SimulationArguments(
    string ContentDirectory, IReadOnlyList<string> Calendars, string? Opportunities, string SellerEmail, string TimeZone,
    string From, int Days, string CompleteAfter, string? Pacing, string Answers = "right");

/// <summary>
/// Reads simulate's files into a <see cref="SimulationSetup"/>: the content directory (it must lint clean), the seller's
/// calendars through <see cref="IcsCalendarReader"/>, partners matched by <see cref="MeetingMatcher"/> against the
/// open opportunities, and the pacing rules (defaults, or a JSON file shaped like the <c>Pacing</c> settings).
/// </summary>
internal static partial class SimulationInputs
{
    public const int MaxDays = 366;

    /// <exception cref="SimulationInputException">Any input is missing, unreadable or invalid.</exception>
    public static SimulationSetup Load(SimulationArguments arguments)
    {
        var email = arguments.SellerEmail.Trim().ToLowerInvariant();
        if (!email.Contains('@', StringComparison.Ordinal))
            throw new SimulationInputException($"--seller \"{arguments.SellerEmail}\" is not an email address");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(arguments.TimeZone, out var zone))
            throw new SimulationInputException($"--tz \"{arguments.TimeZone}\" is not a time zone this machine knows; use an IANA id such as Europe/Berlin");
        if (!DateOnly.TryParseExact(arguments.From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fromDay))
            throw new SimulationInputException($"--from \"{arguments.From}\" is not a date written like 2026-12-07");
        if (arguments.Days is < 1 or > MaxDays)
            throw new SimulationInputException($"--days must be between 1 and {MaxDays}");
        var completeAfter = ParseCompleteAfter(arguments.CompleteAfter);
        var answers = SimulatedAnswersExtensions.Parse(arguments.Answers);
        if (arguments.Calendars.Count == 0)
            throw new SimulationInputException("give at least one --calendar FILE.ics");

        var rules = arguments.Pacing is null ? PacingRules.Default : ReadPacing(arguments.Pacing);
        var calendar = new WorkingCalendar(zone, rules);
        var from = calendar.StartOfDay(fromDay);
        var until = calendar.StartOfDay(fromDay.AddDays(arguments.Days));

        var library = ReadContent(arguments.ContentDirectory);
        var partners = library.Partners.Select(p => new MatchablePartner(p.Id, p.Name, p.Aliases, p.Domains)).ToList();
        var names = library.Partners.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var opportunities = arguments.Opportunities is null ? [] : ReadOpportunities(arguments.Opportunities, library.Partners);
        var open = opportunities.Select(o => new OpenOpportunity(o.AccountDomain, o.PartnerId)).ToList();

        var meetings = new List<SimulatedMeeting>();
        var sellerDomain = email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..];
        // A day before the run (a meeting may be running at its start) to the planner's horizon after it.
        var readFrom = from - TimeSpan.FromDays(1);
        var window = until + DeliveryPlanner.Horizon - readFrom;
        foreach (var path in arguments.Calendars)
        {
            IReadOnlyList<CalendarEntry> entries;
            try
            {
                entries = IcsCalendarReader.Read(ReadText(path), email, readFrom, window, zone);
            }
            catch (CalendarFormatException e)
            {
                throw new SimulationInputException($"{path}: {e.Message}");
            }
            foreach (var entry in entries)
            {
                var id = meetings.Count + 1L;
                var matches = entry.AllDay
                    ? []
                    : MeetingMatcher.Match(new MeetingFacts(entry.Title, entry.Description, entry.AttendeeEmails, sellerDomain), partners, open)
                        .Select(m => new PlanningMatch(id, m.PartnerId, names[m.PartnerId], m.Reason))
                        .ToList();
                meetings.Add(new SimulatedMeeting(id, entry.ExternalUid, entry.Title, entry.StartsAt, entry.EndsAt, entry.AllDay, entry.Cancelled, matches));
            }
        }

        var owned = opportunities.Where(o => o.OwnerEmail == email).Select(o => o.PartnerId).ToHashSet(StringComparer.Ordinal);
        return new SimulationSetup(email, zone, from, until, completeAfter, rules, meetings, library.Lessons, owned, answers);
    }

    /// <summary>"never", or an amount with a unit: 30m, 2h, 1d.</summary>
    public static TimeSpan? ParseCompleteAfter(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "never")
            return null;
        if (Amount().Match(trimmed) is not { Success: true } match)
            throw new SimulationInputException($"--complete-after \"{text}\" is not a duration such as 30m, 2h or 1d, nor \"never\"");
        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
    }

    private static ContentLibrary ReadContent(string directory)
    {
        ContentLibrary library;
        try
        {
            library = ContentLoader.Load(directory, ContentOptions.DefaultMaxMinutes);
        }
        catch (ContentDirectoryException e)
        {
            throw new SimulationInputException(e.Message);
        }
        if (library.Report.HasErrors)
            throw new SimulationInputException($"{directory}: the content has errors; run learningbot lint {directory} to see them");
        return library;
    }

    private sealed record OpportunityLine(string AccountDomain, string PartnerId, string OwnerEmail);

    /// <summary>Open opportunities from the CSV the import verb reads; closed stages do not count.</summary>
    private static List<OpportunityLine> ReadOpportunities(string path, IReadOnlyList<PartnerDefinition> partners)
    {
        IReadOnlyList<string> header;
        IReadOnlyList<CsvRow> rows;
        try
        {
            (header, rows) = CsvTable.Parse(ReadText(path));
        }
        catch (FormatException e)
        {
            throw new SimulationInputException($"{path}:{e.Message}");
        }
        var missing = new[] { "account_domain", "partner", "stage", "owner_email" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new SimulationInputException($"{path}:1: the header lacks {string.Join(", ", missing)}");
        var open = new List<OpportunityLine>();
        foreach (var row in rows)
        {
            var partner = row["partner"];
            var partnerId = partners.FirstOrDefault(p =>
                string.Equals(p.Id, partner, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, partner, StringComparison.OrdinalIgnoreCase))?.Id;
            if (row["account_domain"] is not { } domain || row["stage"] is not { } stage || row["owner_email"] is not { } owner)
                throw new SimulationInputException($"{path}:{row.Line}: account_domain, partner, stage and owner_email are all required");
            if (partnerId is null)
                throw new SimulationInputException($"{path}:{row.Line}: partner \"{partner}\" is not a partner of the content directory");
            if (!OpportunityStore.IsClosed(stage))
                open.Add(new OpportunityLine(domain.ToLowerInvariant(), partnerId, owner.ToLowerInvariant()));
        }
        return open;
    }

    /// <summary>A JSON file with the Pacing settings, at the top level or under "Pacing"; checked like the bot's settings.</summary>
    private static PacingRules ReadPacing(string path)
    {
        ReadText(path);
        var options = new PacingOptions();
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false).Build();
            var section = configuration.GetSection(PacingOptions.Section);
            (section.Exists() ? section : (IConfiguration)configuration).Bind(options);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new SimulationInputException($"{path}: {(e.InnerException ?? e).Message}");
        }
        var validation = new PacingOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new SimulationInputException($"{path}: {string.Join(" ", validation.Failures)}");
        return options.ToRules();
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SimulationInputException($"cannot read {path}: {e.Message}");
        }
    }

    [GeneratedRegex(@"^(\d{1,4})\s*(m|h|d)$")]
    private static partial Regex Amount();
}
