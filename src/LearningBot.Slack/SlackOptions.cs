using Microsoft.Extensions.Options;

namespace LearningBot.Slack;

/// <summary>Credentials and endpoint of the Slack app (https://api.slack.com/authentication/token-types).</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Verifies requests Slack sends us (https://api.slack.com/authentication/verifying-requests-from-slack).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Bot token (<c>xoxb-…</c>) for Web API calls.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-…</c>) for Socket Mode; optional.</summary>
    public string? AppToken { get; set; }

    /// <summary>Base address of the Web API; the sandbox points it at the built-in emulator.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>True when any credential is configured; without any the bot runs against the sandbox.</summary>
    public bool HasCredentials =>
        !string.IsNullOrWhiteSpace(BotToken) || !string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(AppToken);
}

/// <summary>Checks <see cref="SlackOptions"/> at start; every message names the setting and never its value.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        var hasBotToken = !string.IsNullOrWhiteSpace(options.BotToken);
        var hasSigningSecret = !string.IsNullOrWhiteSpace(options.SigningSecret);
        var hasAppToken = !string.IsNullOrWhiteSpace(options.AppToken);

        if (hasBotToken && !options.BotToken!.StartsWith("xoxb-", StringComparison.Ordinal))
            failures.Add("Slack:BotToken must be a bot token that starts with 'xoxb-'.");
        if (hasAppToken && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
            failures.Add("Slack:AppToken must be an app-level token that starts with 'xapp-'.");
        if (!hasBotToken && (hasSigningSecret || hasAppToken))
            failures.Add("Slack:BotToken is required when Slack:SigningSecret or Slack:AppToken is set.");
        if (hasBotToken && !hasSigningSecret && !hasAppToken)
            failures.Add("Slack:SigningSecret is required with Slack:BotToken (or set Slack:AppToken to use Socket Mode).");
        if (hasSigningSecret && options.SigningSecret!.Trim().Length < 16)
            failures.Add("Slack:SigningSecret looks truncated: copy it whole from the app's Basic Information page.");

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api)
            || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp)
            || !api.AbsolutePath.EndsWith('/'))
            failures.Add("Slack:ApiBaseUrl must be an absolute http(s) URL that ends with '/', such as https://slack.com/api/.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
