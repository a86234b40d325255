using System.Text.Json;
using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;

namespace LearningBot.Reinforcement;

/// <summary>
/// Turns one seller's quick-check decisions into outbox changes: a new quick check is planned, a planned one whose
/// slot changed is moved, one no longer wanted is cancelled with the reason. The database planner and
/// <c>learningbot simulate</c> both call it.
/// </summary>
internal static class QuickCheckOutbox
{
    /// <summary>A quick check sent but not answered holds its question back this long before it may be asked again.</summary>
    public static readonly TimeSpan UnansweredHold = TimeSpan.FromDays(2);

    /// <summary>The seller's switch in <c>/learn settings</c> (on unless switched off).</summary>
    public static bool Enabled(string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
            return true;
        using var document = JsonDocument.Parse(settingsJson);
        return !(document.RootElement.TryGetProperty("quick_checks", out var value) && value.ValueKind == JsonValueKind.False);
    }

    public static IReadOnlyList<QuickCheckDecision> Plan(
        long sellerId, bool enabled, SellerSchedule lessons, IReadOnlyList<RecallMeeting> meetings,
        IReadOnlyList<ReinforcementQueries.ItemRow> items, IReadOnlyList<OutboxQuickCheck> checks,
        QuickCheckRules rules, Fsrs fsrs, DateTimeOffset now, OutboxChanges changes)
    {
        // A quick check the seller put off with Later waits for its moment; the planner leaves it alone.
        var snoozed = checks.Where(c => c.Status == DeliveryStatus.Planned && c.SnoozedUntil > now).ToList();
        var planned = checks.Where(c => c.Status == DeliveryStatus.Planned && !(c.SnoozedUntil > now)).ToList();
        if (!enabled)
        {
            foreach (var row in planned)
                changes.Cancel(row.Id, "quick checks are switched off in your settings");
            return [];
        }

        var delivered = checks.Where(c => c.Status.IsDelivered).ToList();
        var held = delivered.Where(c => c.CompletedAt is null && (c.SentAt ?? c.DueAt) > now - UnansweredHold).Select(c => c.QuestionId)
            .Concat(snoozed.Select(c => c.QuestionId)).ToHashSet();
        var versions = items.ToDictionary(i => i.QuestionId, i => (i.LessonId, i.LessonVersion));
        var decisions = QuickCheckPlan.Decide(
            lessons,
            [.. delivered.Select(c => c.SentAt ?? c.DueAt)],
            [.. items.Where(i => !held.Contains(i.QuestionId)).Select(i => new MemoryItem(
                i.QuestionId, i.LessonId, i.LessonTitle, i.PartnerId, i.Stability, i.LastReviewAt, i.DueAt, i.LastGrade == (short)Grade.Again))],
            meetings,
            delivered.Where(c => c.MeetingId is not null).Select(c => c.MeetingId!.Value).ToHashSet(),
            rules, fsrs, now);

        var wanted = decisions.Where(d => d.Planned).ToDictionary(d => d.QuestionId);
        foreach (var row in planned)
        {
            // A row keeps its meeting: a recall that became an ordinary quick check (or the other way) is a new row.
            if (wanted.TryGetValue(row.QuestionId, out var decision) && decision.MeetingId == row.MeetingId)
            {
                wanted.Remove(row.QuestionId);
                if (decision.DueAt != row.DueAt || decision.Reason != row.Reason)
                    changes.Move(row.Id, decision.DueAt, decision.Reason);
                continue;
            }
            changes.Cancel(row.Id, decisions.FirstOrDefault(d => d.QuestionId == row.QuestionId)?.Reason
                ?? (versions.ContainsKey(row.QuestionId)
                    ? "no longer due: the question was answered since"
                    : "the question is no longer in the lesson"));
        }
        foreach (var decision in wanted.Values)
        {
            var (lessonId, version) = versions[decision.QuestionId];
            changes.PlanQuickCheck(sellerId, lessonId, version, decision.QuestionId, decision.MeetingId, decision.DueAt, decision.Reason);
        }
        return decisions;
    }
}
