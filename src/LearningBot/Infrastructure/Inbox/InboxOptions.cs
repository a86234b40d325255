using Microsoft.Extensions.Options;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>How inbox rows are processed; the defaults suit one or several instances on one database.</summary>
internal sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>How long a claimed row belongs to one instance before another may take it over (a crash frees it this way).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A row that failed this many times is marked failed with its last reason; Slack being down or busy does not count.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Longest wait between tries of a row that failed because Slack was down or busy.</summary>
    public TimeSpan MaxTransientBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after it was received a row is still tried while Slack stays down or busy; then it fails.</summary>
    public TimeSpan TransientRetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often to look for rows stored by other instances, freed by expired leases or due for a retry.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a slash command or view submission may take to answer within its ack; Slack allows 3 s in all.</summary>
    public TimeSpan InlineAnswerBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows handled at the same time by one instance.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Writers committing batches in parallel; one gives the biggest batches (while it commits, the next batch gathers).</summary>
    public int Writers { get; set; } = 1;

    /// <summary>Most requests one commit stores.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>How long handled and failed rows are kept (to look into, and to drop Slack's retries) before the hourly cleanup deletes them.</summary>
    public TimeSpan KeepHandledFor { get; set; } = TimeSpan.FromDays(7);
}

internal sealed class InboxOptionsValidator : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        const string at = InboxOptions.Section + ":";
        var failures = new List<string>();
        if (options.Lease < TimeSpan.FromSeconds(1))
            failures.Add($"{at}{nameof(InboxOptions.Lease)} must be at least 1 second, longer than a handler takes.");
        if (options.MaxAttempts < 1)
            failures.Add($"{at}{nameof(InboxOptions.MaxAttempts)} must be at least 1.");
        if (options.MaxTransientBackoff < TimeSpan.FromSeconds(1) || options.MaxTransientBackoff > TimeSpan.FromDays(1))
            failures.Add($"{at}{nameof(InboxOptions.MaxTransientBackoff)} must be between 1 second and 1 day.");
        if (options.TransientRetryWindow < TimeSpan.FromMinutes(1) || options.TransientRetryWindow > TimeSpan.FromDays(30)
            || options.TransientRetryWindow < options.MaxTransientBackoff)
            failures.Add($"{at}{nameof(InboxOptions.TransientRetryWindow)} must be between 1 minute and 30 days, and at least {nameof(InboxOptions.MaxTransientBackoff)}.");
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{at}{nameof(InboxOptions.PollInterval)} must be positive and at most 1 minute.");
        if (options.InlineAnswerBudget <= TimeSpan.Zero || options.InlineAnswerBudget >= TimeSpan.FromSeconds(3))
            failures.Add($"{at}{nameof(InboxOptions.InlineAnswerBudget)} must be positive and shorter than Slack's 3 seconds.");
        if (options.MaxConcurrency < 1)
            failures.Add($"{at}{nameof(InboxOptions.MaxConcurrency)} must be at least 1.");
        if (options.Writers < 1)
            failures.Add($"{at}{nameof(InboxOptions.Writers)} must be at least 1.");
        if (options.MaxBatch < 1)
            failures.Add($"{at}{nameof(InboxOptions.MaxBatch)} must be at least 1 (a batch of none would never store anything).");
        if (options.KeepHandledFor < TimeSpan.FromHours(1))
            failures.Add($"{at}{nameof(InboxOptions.KeepHandledFor)} must be at least 1 hour, longer than Slack retries a request.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
