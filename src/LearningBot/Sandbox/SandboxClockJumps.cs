using Dapper;
using LearningBot.Delivery;
using LearningBot.Learn;
using LearningBot.Sellers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Sandbox;

/// <summary>
/// A jump's outcome. The clock is the whole workspace's, so a jump sends (or skips) other sellers' lessons too: counted apart from
/// the lessons of the seller who jumped.
/// </summary>
internal sealed record ClockJump(DateTimeOffset Now, string Message, int Sent, int SentToOthers, int MissedByOthers);

/// <summary>
/// Moves the sandbox clock, then plans and dispatches at once, so what became due shows up without waiting for the
/// next Quartz fire (Quartz keeps its real-time schedule; the jobs read the moved clock when they run).
/// </summary>
internal sealed class SandboxClockJumps(
    SandboxClock clock, NpgsqlDataSource dataSource, DeliveryPlanner planner, Dispatcher dispatcher, DeliveryReads deliveries, WaitingLessons waiting,
    IOptions<PacingOptions> pacing)
{
    public static readonly IReadOnlyList<string> Kinds = ["hour", "day", "morning", "lesson"];

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<ClockJump> JumpAsync(string kind, string? userId, string timeZone, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var held = clock.Hold();
            var from = clock.GetUtcNow();
            var message = kind switch
            {
                "hour" => Advance(TimeSpan.FromHours(1), "an hour later"),
                "day" => Advance(TimeSpan.FromDays(1), "a day later"),
                "morning" => AdvanceTo(clock.NextWorkingMorning(SellerTimeZone.Find(timeZone), pacing.Value.WorkdayStart, pacing.Value.WorkingDays),
                    "the next working morning"),
                "lesson" => await NextLessonAsync(userId, cancellationToken),
                _ => throw new ArgumentException($"unknown jump '{kind}'; use one of {string.Join(", ", Kinds)}", nameof(kind)),
            };
            // What became due goes out first (re-planning at the new time would move a lesson whose moment just came);
            // then the planner looks at the new time, and anything it makes due at once goes out too.
            await dispatcher.DispatchAsync(cancellationToken);
            await planner.PlanAllAsync(cancellationToken);
            await dispatcher.DispatchAsync(cancellationToken);
            var (sent, sentToOthers, missedByOthers) = await OutcomeAsync(userId, from, cancellationToken);
            return new ClockJump(clock.GetUtcNow(), message, sent, sentToOthers, missedByOthers);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lessons sent since <paramref name="from"/>, to the member and to everyone else, and others' due lessons skipped or cancelled since.</summary>
    private async Task<(int Sent, int SentToOthers, int MissedByOthers)> OutcomeAsync(string? userId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var since = await deliveries.SinceAsync(userId, from, clock.GetUtcNow(), cancellationToken);
        return (since.Sent, since.SentToOthers, since.MissedByOthers);
    }

    private string Advance(TimeSpan by, string what)
    {
        clock.Advance(by);
        return what;
    }

    private string AdvanceTo(DateTimeOffset at, string what)
    {
        var by = at - clock.GetUtcNow();
        if (by > TimeSpan.Zero)
            clock.Advance(by);
        return what;
    }

    /// <summary>To the member's next planned lesson (planning first, so a fresh meeting counts).</summary>
    private async Task<string> NextLessonAsync(string? userId, CancellationToken cancellationToken)
    {
        await planner.PlanAllAsync(cancellationToken);
        if (await deliveries.NextDueAsync(userId, cancellationToken) is not { } at)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var sellerId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM sellers WHERE slack_user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken));
            var blocking = sellerId is { } id ? (await waiting.OfAsync(id, cancellationToken)).Blocking.Count : 0;
            return blocking > 0
                ? $"nothing new is coming: {WaitingLessons.Explanation(blocking)}"
                : "nothing is planned for you yet: no partner meeting in the next two weeks leaves room for a lesson";
        }
        return AdvanceTo(at, "your next planned lesson");
    }
}
