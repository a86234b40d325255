using Microsoft.Extensions.Options;

namespace LearningBot.Insights;

/// <summary>Who reads insights and how small a group may be before it is folded into "others" (section "Insights").</summary>
internal sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>On team views, a group with fewer sellers than this is folded into "others", so no one is singled out.</summary>
    public int MinGroupSize { get; set; } = 3;

    /// <summary>Emails that see everything, besides the workspace's admins and owners.</summary>
    public List<string> Admins { get; set; } = [];
}

internal sealed class InsightsOptionsValidator : IValidateOptions<InsightsOptions>
{
    public ValidateOptionsResult Validate(string? name, InsightsOptions options)
    {
        var failures = new List<string>();
        if (options.MinGroupSize is < 1 or > 100)
            failures.Add("Insights:MinGroupSize must lie between 1 and 100.");
        if (options.Admins.Any(a => !a.Contains('@', StringComparison.Ordinal)))
            failures.Add("Insights:Admins must list email addresses.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
