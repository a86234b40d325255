using Microsoft.Extensions.Options;

namespace LearningBot.Reinforcement;

/// <summary>Spaced repetition of quiz questions (section "Reinforcement").</summary>
internal sealed class ReinforcementOptions
{
    public const string Section = "Reinforcement";

    /// <summary>The recall FSRS schedules for: a question comes back when its predicted recall falls to this.</summary>
    public double DesiredRetention { get; set; } = 0.9;

    public int MaxPerDay { get; set; } = 2;

    /// <summary>Working time a quick check keeps from any other message of the bot.</summary>
    public TimeSpan MinGapAfterAnyMessage { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Below this predicted recall at a partner meeting's start, one recall is planned before it.</summary>
    public double MeetingRecallTarget { get; set; } = 0.9;
}

internal sealed class ReinforcementOptionsValidator : IValidateOptions<ReinforcementOptions>
{
    public ValidateOptionsResult Validate(string? name, ReinforcementOptions options)
    {
        var failures = new List<string>();
        if (options.DesiredRetention is < 0.80 or > 0.97 || double.IsNaN(options.DesiredRetention))
            failures.Add("Reinforcement:DesiredRetention must lie between 0.80 and 0.97.");
        if (options.MaxPerDay < 0)
            failures.Add("Reinforcement:MaxPerDay must not be negative (0 turns quick checks off).");
        if (options.MinGapAfterAnyMessage < TimeSpan.Zero)
            failures.Add("Reinforcement:MinGapAfterAnyMessage must not be negative.");
        if (options.MeetingRecallTarget is <= 0 or >= 1 || double.IsNaN(options.MeetingRecallTarget))
            failures.Add("Reinforcement:MeetingRecallTarget must lie between 0 and 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
