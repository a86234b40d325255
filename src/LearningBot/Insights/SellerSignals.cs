using Dapper;
using LearningBot.Delivery;
using Npgsql;

namespace LearningBot.Insights;

/// <summary>
/// One seller's lessons in the range and the signs the bot interrupts them too much: Later, a pause, settings narrower
/// than the defaults, lessons ignored for 48 h. Someone who snoozes most of what they get is flagged for a lighter cadence.
/// </summary>
internal sealed record SellerSignals
{
    /// <summary>Snoozing at least this share of at least <see cref="SnoozeHeavyMinimum"/> lessons flags a seller.</summary>
    public const double SnoozeHeavyShare = 0.5;
    public const int SnoozeHeavyMinimum = 3;

    public long SellerId { get; init; }
    public string Seller { get; init; } = "";
    public string? DisplayName { get; init; }
    public string? ManagerEmail { get; init; }
    public string Settings { get; init; } = "{}";
    public DateTimeOffset? PausedUntil { get; init; }
    public long Sent { get; init; }
    public long Completed { get; init; }
    public long Later { get; init; }
    public long Ignored48h { get; init; }
    public IReadOnlyList<string> NarrowedSettings { get; init; } = [];

    public double? LaterRate => Sent == 0 ? null : (double)Later / Sent;

    public bool SnoozeHeavy => Sent >= SnoozeHeavyMinimum && LaterRate >= SnoozeHeavyShare;

    public static async Task<IReadOnlyList<SellerSignals>> QueryAsync(
        NpgsqlConnection connection, InsightsScope scope, PacingRules defaults, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<SellerSignals>(new CommandDefinition(InsightsSql.Load("sellers"), scope.Parameters(), cancellationToken: cancellationToken));
        return [.. rows.Select(r => r with { NarrowedSettings = Narrowed(defaults, SellerPacing.Apply(defaults, r.Settings)) })];
    }

    /// <summary>What the seller's own settings take away from the defaults, in the settings modal's words.</summary>
    internal static IReadOnlyList<string> Narrowed(PacingRules defaults, PacingRules own)
    {
        var narrowed = new List<string>();
        if (own.WorkdayEnd - own.WorkdayStart < defaults.WorkdayEnd - defaults.WorkdayStart)
            narrowed.Add("shorter working day");
        if (own.WorkingDays.Count < defaults.WorkingDays.Count)
            narrowed.Add("fewer working days");
        if (own.MaxLessonsPerDay < defaults.MaxLessonsPerDay)
            narrowed.Add("fewer lessons a day");
        if (own.MaxLessonsPerWeek < defaults.MaxLessonsPerWeek)
            narrowed.Add("fewer lessons a week");
        return narrowed;
    }
}
