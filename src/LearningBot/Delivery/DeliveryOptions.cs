using Microsoft.Extensions.Options;

namespace LearningBot.Delivery;

/// <summary>How the planner and the dispatcher run (section "Delivery").</summary>
internal sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>How long a claimed row is an instance's to send before another instance may look it up and take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows claimed at a time; the dispatcher keeps claiming until a batch comes back short.</summary>
    public int DispatchBatchSize { get; set; } = 50;

    /// <summary>Attempts before a send that keeps failing is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Sellers planned together in one transaction.</summary>
    public int PlanBatchSize { get; set; } = 500;

    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var failures = new List<string>();
        if (options.Lease < TimeSpan.FromSeconds(10) || options.Lease > TimeSpan.FromHours(1))
            failures.Add("Delivery:Lease must be between 10 seconds and 1 hour.");
        if (options.DispatchBatchSize is < 1 or > 1000)
            failures.Add("Delivery:DispatchBatchSize must be between 1 and 1000.");
        if (options.MaxAttempts is < 1 or > 20)
            failures.Add("Delivery:MaxAttempts must be between 1 and 20.");
        if (options.PlanBatchSize is < 1 or > 10_000)
            failures.Add("Delivery:PlanBatchSize must be between 1 and 10000.");
        if (options.DispatchInterval < TimeSpan.FromSeconds(1) || options.DispatchInterval > TimeSpan.FromMinutes(2))
            failures.Add("Delivery:DispatchInterval must be between 1 second and 2 minutes (the send-time grace assumes a row is checked soon after it is due).");
        if (options.PlanInterval < TimeSpan.FromSeconds(10) || options.PlanInterval > TimeSpan.FromHours(1))
            failures.Add("Delivery:PlanInterval must be between 10 seconds and 1 hour.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
