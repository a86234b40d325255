using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>The shared secret a CRM or calendar bridge signs its requests to /api/meetings and /api/opportunities with.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Turns the webhooks on; setting <see cref="SigningSecret"/> does too.</summary>
    public bool Enabled { get; set; }

    public string? SigningSecret { get; set; }

    public bool IsOn => Enabled || !string.IsNullOrWhiteSpace(SigningSecret);
}

/// <summary>Checks the webhook settings at start; messages name the setting, never its value.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (!options.IsOn)
            return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
            return ValidateOptionsResult.Fail("Webhooks:SigningSecret is required when Webhooks:Enabled is true (for example: openssl rand -hex 32).");
        return options.SigningSecret.Trim().Length < MinimumSecretLength
            ? ValidateOptionsResult.Fail($"Webhooks:SigningSecret must be at least {MinimumSecretLength} characters (for example: openssl rand -hex 32).")
            : ValidateOptionsResult.Success;
    }
}
