using Microsoft.Extensions.Options;

namespace LearningBot.Delivery;

/// <summary>The global pacing defaults (section "Pacing"); sellers and campaigns may narrow them.</summary>
internal sealed class PacingOptions
{
    public const string Section = "Pacing";

    public TimeOnly WorkdayStart { get; set; } = new(9, 0);

    public TimeOnly WorkdayEnd { get; set; } = new(17, 0);

    public List<DayOfWeek> WorkingDays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Free time that must lie ahead of a send: a lesson takes up to 7 minutes, so 15 leaves room.</summary>
    public TimeSpan FreeTimeAhead { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan EarliestBeforeMeeting { get; set; } = TimeSpan.FromHours(48);

    public TimeSpan LatestBeforeMeeting { get; set; } = TimeSpan.FromHours(2);

    public int MaxLessonsPerDay { get; set; } = 1;

    public int MaxLessonsPerWeek { get; set; } = 3;

    /// <summary>Working time (not wall-clock time) between two lesson messages.</summary>
    public TimeSpan MinWorkingTimeBetweenLessons { get; set; } = TimeSpan.FromHours(4);

    public int MaxUnfinishedLessons { get; set; } = 2;

    /// <summary>After this long without any lesson, one evergreen or campaign lesson may go out.</summary>
    public TimeSpan QuietPeriodBeforeEvergreen { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How late the dispatcher may send a row whose due moment was allowed: it runs every 30 seconds, so a lesson due
    /// at the last free moment of the day is always checked a little after it.
    /// </summary>
    public TimeSpan SendTimeGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest <c>/learn pause</c> a seller can set (at most ten years).</summary>
    public TimeSpan MaxPause { get; set; } = TimeSpan.FromDays(365);

    public PacingRules ToRules() => new(
        WorkdayStart, WorkdayEnd, WorkingDays.ToHashSet(), FreeTimeAhead, EarliestBeforeMeeting, LatestBeforeMeeting,
        MaxLessonsPerDay, MaxLessonsPerWeek, MinWorkingTimeBetweenLessons, MaxUnfinishedLessons, QuietPeriodBeforeEvergreen, SendTimeGrace);
}

internal sealed class PacingOptionsValidator : IValidateOptions<PacingOptions>
{
    public ValidateOptionsResult Validate(string? name, PacingOptions options)
    {
        var failures = new List<string>();
        if (options.WorkdayEnd <= options.WorkdayStart)
            failures.Add("Pacing:WorkdayEnd must be later than Pacing:WorkdayStart.");
        if (options.WorkingDays.Count == 0)
            failures.Add("Pacing:WorkingDays must name at least one day.");
        if (options.FreeTimeAhead <= TimeSpan.Zero || options.FreeTimeAhead > options.WorkdayEnd - options.WorkdayStart)
            failures.Add("Pacing:FreeTimeAhead must be positive and fit in a working day.");
        if (options.LatestBeforeMeeting < TimeSpan.Zero || options.EarliestBeforeMeeting <= options.LatestBeforeMeeting)
            failures.Add("Pacing:EarliestBeforeMeeting must be longer than Pacing:LatestBeforeMeeting, which must not be negative.");
        if (options.MaxLessonsPerDay < 1 || options.MaxLessonsPerWeek < options.MaxLessonsPerDay)
            failures.Add("Pacing:MaxLessonsPerDay must be at least 1 and Pacing:MaxLessonsPerWeek at least as large.");
        if (options.MinWorkingTimeBetweenLessons < TimeSpan.Zero)
            failures.Add("Pacing:MinWorkingTimeBetweenLessons must not be negative.");
        if (options.MaxUnfinishedLessons < 1)
            failures.Add("Pacing:MaxUnfinishedLessons must be at least 1.");
        if (options.QuietPeriodBeforeEvergreen <= TimeSpan.Zero)
            failures.Add("Pacing:QuietPeriodBeforeEvergreen must be positive.");
        if (options.SendTimeGrace < TimeSpan.Zero || options.SendTimeGrace >= options.FreeTimeAhead)
            failures.Add("Pacing:SendTimeGrace must not be negative and must be shorter than Pacing:FreeTimeAhead.");
        if (options.MaxPause < TimeSpan.FromHours(1) || options.MaxPause > TimeSpan.FromDays(3650))
            failures.Add("Pacing:MaxPause must be between 1 hour and 3650 days.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
