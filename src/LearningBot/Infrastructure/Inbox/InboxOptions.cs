namespace LearningBot.Infrastructure.Inbox;

/// <summary>How inbox rows are processed; the defaults suit one or several instances on one database.</summary>
internal sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>How long a claimed row belongs to one instance before another may take it over (a crash frees it this way).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A row that failed this many times is marked failed with its last reason.</summary>
    public int MaxAttempts { get; set; } = 5;

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
}
