using System.Data;
using Dapper;

namespace LearningBot.Delivery;

/// <summary>
/// Where an outbox row is in its life: planned → sending → sent, or skipped, cancelled or failed on the way. The only
/// place outside the outbox's own SQL that spells the stored values. A record struct rather than an enum because
/// Dapper ignores type handlers for enums.
/// </summary>
internal readonly record struct DeliveryStatus
{
    public static readonly DeliveryStatus Planned = new("planned");
    public static readonly DeliveryStatus Sending = new("sending");
    public static readonly DeliveryStatus Sent = new("sent");
    public static readonly DeliveryStatus Skipped = new("skipped");
    public static readonly DeliveryStatus Cancelled = new("cancelled");
    public static readonly DeliveryStatus Failed = new("failed");

    private DeliveryStatus(string value) => Value = value;

    public string Value { get; }

    /// <summary>The seller has it or will: a lesson in one of these states is never sent again.</summary>
    public bool IsLive => this == Planned || this == Sending || this == Sent;

    /// <summary>It reached the seller, or is on its way there.</summary>
    public bool IsDelivered => this == Sending || this == Sent;

    public static DeliveryStatus Parse(string value) => value switch
    {
        "planned" => Planned,
        "sending" => Sending,
        "sent" => Sent,
        "skipped" => Skipped,
        "cancelled" => Cancelled,
        "failed" => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "not a delivery status"),
    };

    public override string ToString() => Value;
}

/// <summary>Reads and writes <see cref="DeliveryStatus"/> as the text stored in <c>deliveries.status</c>.</summary>
internal sealed class DeliveryStatusHandler : SqlMapper.TypeHandler<DeliveryStatus>
{
    public override void SetValue(IDbDataParameter parameter, DeliveryStatus value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.Value;
    }

    public override DeliveryStatus Parse(object value) => DeliveryStatus.Parse((string)value);
}

/// <summary>What an outbox row carries: a lesson card, or one quiz question asked again.</summary>
internal static class DeliveryKind
{
    public const string Lesson = "lesson";
    public const string QuickCheck = "quick-check";
}

/// <summary>Why a row exists: a meeting, a campaign, a quiet week, the seller's own request, or spaced repetition.</summary>
internal static class DeliveryTrigger
{
    public const string Meeting = "meeting";
    public const string Campaign = "campaign";
    public const string Evergreen = "evergreen";
    public const string User = "user";
    public const string Reinforcement = "reinforcement";
}
