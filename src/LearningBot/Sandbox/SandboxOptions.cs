using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LearningBot.Sandbox;

/// <summary>Sandbox settings; the sandbox itself is on exactly when no Slack credential is configured.</summary>
internal sealed class SandboxOptions
{
    /// <summary>Where the sandbox clock starts (default: now). The demo calendars cover two weeks from Monday 7 Dec 2026.</summary>
    public DateTimeOffset? StartAt { get; set; }

    /// <summary>
    /// The bot token of the built-in Web API (default: made up at start), so Slack's own SDKs can be pointed at <c>/sandbox/api/</c>
    /// with a token known in advance. The page shows it either way.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>Lets the sandbox, which has no sign-in, listen on an address other machines can reach (off: loopback only).</summary>
    public bool AllowRemote { get; set; }
}

internal sealed partial class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options) =>
        BotTokenError(options.BotToken) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;

    /// <summary>Why <c>Sandbox:BotToken</c> is refused, or null when it is unset or looks like a bot token.</summary>
    public static string? BotTokenError(string? botToken) =>
        string.IsNullOrEmpty(botToken) || BotTokenFormat().IsMatch(botToken)
            ? null
            : $"{SandboxMode.Section}:{nameof(SandboxOptions.BotToken)} must look like a Slack bot token: 'xoxb-' followed by letters, digits and dashes (e.g. xoxb-sandbox-1234).";

    [GeneratedRegex("^xoxb-[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial Regex BotTokenFormat();
}
