using Microsoft.Extensions.Options;

namespace LearningBot.Discussions;

/// <summary>Settings for channel discussions and the weekly digest (section "Discussions").</summary>
internal sealed class DiscussionsOptions
{
    public const string Section = "Discussions";

    /// <summary>Whether partner channels get the weekly digest at all.</summary>
    public bool WeeklyDigest { get; set; } = true;

    /// <summary>The IANA zone in which a channel's Monday 09:00 is counted when the channel has none of its own.</summary>
    public string DigestTimeZone { get; set; } = "UTC";

    /// <summary>Zones per channel, keyed by the channel name without '#' (<c>partner-northwind</c>) or by its id.</summary>
    public Dictionary<string, string> ChannelTimeZones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeZoneInfo ZoneOf(string channel) =>
        TimeZoneInfo.FindSystemTimeZoneById(ChannelTimeZones.GetValueOrDefault(channel.TrimStart('#')) ?? DigestTimeZone);
}

internal sealed class DiscussionsOptionsValidator : IValidateOptions<DiscussionsOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscussionsOptions options)
    {
        var failures = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.DigestTimeZone, out _))
            failures.Add("Discussions:DigestTimeZone must be an IANA time zone such as Europe/Berlin or UTC.");
        foreach (var (channel, zone) in options.ChannelTimeZones)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                failures.Add($"Discussions:ChannelTimeZones:{channel} must be an IANA time zone such as Europe/Berlin or UTC.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
