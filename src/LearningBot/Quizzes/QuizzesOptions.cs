using Microsoft.Extensions.Options;

namespace LearningBot.Quizzes;

/// <summary>Settings for lesson cards (section "Quizzes").</summary>
internal sealed class QuizzesOptions
{
    public const string Section = "Quizzes";

    /// <summary>Hosts whose videos Slack may play inline (the app's unfurl domains); other videos become links.</summary>
    public List<string> VideoUnfurlDomains { get; set; } = [];
}

internal sealed class QuizzesOptionsValidator : IValidateOptions<QuizzesOptions>
{
    public ValidateOptionsResult Validate(string? name, QuizzesOptions options)
    {
        const string setting = QuizzesOptions.Section + ":" + nameof(QuizzesOptions.VideoUnfurlDomains);
        var failures = options.VideoUnfurlDomains
            .Select((domain, i) => (domain, i))
            .Where(d => Uri.CheckHostName(d.domain) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
            .Select(d => $"{setting}:{d.i} must be a host name such as videos.example.com (no scheme, path or port), not '{d.domain}'.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
