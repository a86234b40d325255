namespace LearningBot.Slack.WebApi;

/// <summary>Slack's rate-limit tiers (https://docs.slack.dev/apis/web-api/rate-limits): limits are per method, per workspace, per app.</summary>
public enum RateTier
{
    /// <summary>1+ per minute.</summary>
    Tier1,

    /// <summary>20+ per minute.</summary>
    Tier2,

    /// <summary>50+ per minute.</summary>
    Tier3,

    /// <summary>100+ per minute.</summary>
    Tier4,

    /// <summary>A limit of the method's own, such as chat.postMessage's one message a second per channel.</summary>
    Special,
}

/// <summary>The budget our client keeps to for one method: a sustained rate and a burst allowance.</summary>
public sealed record MethodRate(RateTier Tier, int PermitsPerMinute, int Burst)
{
    public TimeSpan Interval => TimeSpan.FromMinutes(1) / PermitsPerMinute;
}

/// <summary>Method → rate tier for the Web API methods the bot calls (https://docs.slack.dev/apis/web-api/rate-limits, each method's page).</summary>
public static class MethodTiers
{
    /// <summary>Tier budgets at the documented floor; a tier's whole minute may go in one burst, as Slack tolerates bursts.</summary>
    public static readonly MethodRate Tier1 = new(RateTier.Tier1, 1, 3);
    public static readonly MethodRate Tier2 = new(RateTier.Tier2, 20, 20);
    public static readonly MethodRate Tier3 = new(RateTier.Tier3, 50, 50);
    public static readonly MethodRate Tier4 = new(RateTier.Tier4, 100, 100);

    /// <summary>chat.postMessage: about one message a second per channel (https://docs.slack.dev/reference/methods/chat.postMessage#rate_limiting).</summary>
    public static readonly MethodRate PostMessagePerChannel = new(RateTier.Special, 60, 1);

    /// <summary>chat.getPermalink and auth.test: "hundreds per minute".</summary>
    public static readonly MethodRate HundredsPerMinute = new(RateTier.Special, 600, 100);

    /// <summary>Tier 3 is the commonest tier, so a method missing from the table is held to it.</summary>
    public static readonly MethodRate Unknown = Tier3;

    private static readonly Dictionary<string, MethodRate> Rates = new(StringComparer.Ordinal)
    {
        ["chat.postMessage"] = PostMessagePerChannel,
        ["chat.update"] = Tier3,
        ["chat.delete"] = Tier3,
        ["chat.postEphemeral"] = Tier4,
        ["chat.getPermalink"] = HundredsPerMinute,
        ["conversations.open"] = Tier3,
        ["conversations.join"] = Tier3,
        ["conversations.info"] = Tier3,
        ["conversations.list"] = Tier2,
        ["conversations.history"] = Tier3,
        ["conversations.replies"] = Tier3,
        ["users.info"] = Tier4,
        ["users.list"] = Tier2,
        ["users.lookupByEmail"] = Tier3,
        ["views.open"] = Tier4,
        ["views.push"] = Tier4,
        ["views.update"] = Tier4,
        ["views.publish"] = Tier4,
        ["apps.connections.open"] = Tier1,
        ["apps.event.authorizations.list"] = Tier4,
        ["oauth.v2.access"] = Tier4,
        ["auth.test"] = HundredsPerMinute,
    };

    /// <summary>Methods that create a message: sending one twice shows the user two, and Slack has no idempotency key.</summary>
    private static readonly HashSet<string> MessageCreating = new(StringComparer.Ordinal)
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.scheduleMessage",
        "chat.meMessage",
    };

    public static MethodRate RateOf(string method) => Rates.GetValueOrDefault(method, Unknown);

    /// <summary>True when a repeat after an ambiguous failure could post a duplicate message (https://docs.slack.dev/reference/methods/chat.postMessage).</summary>
    public static bool CreatesMessage(string method) => MessageCreating.Contains(method);

    /// <summary>The Web API method of a request URL such as <c>https://slack.com/api/chat.postMessage</c>; null for anything else (a response_url).</summary>
    public static string? MethodOf(Uri? requestUri)
    {
        if (requestUri is null)
            return null;
        var segments = requestUri.AbsolutePath.TrimEnd('/').Split('/');
        return segments.Length >= 2 && segments[^2] == "api" && segments[^1].Contains('.') ? segments[^1] : null;
    }
}
