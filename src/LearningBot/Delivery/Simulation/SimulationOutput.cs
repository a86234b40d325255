using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LearningBot.Delivery.Simulation;

/// <summary>simulate's JSON lines: one object per decision, in time order, times in the seller's own offset.</summary>
internal static class SimulationOutput
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(SimulationResult result, TextWriter output)
    {
        foreach (var decision in result.Decisions)
            output.WriteLine(Line(decision, result.Setup));
    }

    public static string Line(SimulatedDecision decision, SimulationSetup setup)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("kind", decision.Kind);
            if (decision.Review is { } review)
            {
                WriteReview(json, decision, review, setup);
                json.WriteEndObject();
                json.Flush();
                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }
            if (decision.Delivery is { } delivery)
                json.WriteString("delivery", delivery);
            json.WriteString("at", Timestamp(decision.At, setup.Zone));
            json.WriteString("seller", setup.SellerEmail);
            WriteNullable(json, "lesson", decision.LessonId);
            WriteNullable(json, "partner", decision.PartnerId);
            WriteNullable(json, "meeting", decision.Meeting?.Uid);
            WriteNullable(json, "meeting_start", decision.Meeting is { } meeting ? Timestamp(meeting.Start, setup.Zone) : null);
            json.WriteString("reason", decision.Reason);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>ISO 8601 with the seller's offset at that instant, e.g. 2026-12-08T13:00:00-05:00.</summary>
    public static string Timestamp(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static void WriteReview(Utf8JsonWriter json, SimulatedDecision decision, SimulatedReview review, SimulationSetup setup)
    {
        json.WriteString("at", Timestamp(decision.At, setup.Zone));
        json.WriteString("seller", setup.SellerEmail);
        json.WriteString("lesson", review.LessonId);
        json.WriteNumber("question", review.Question);
        json.WriteString("grade", review.Grade.ToString().ToLowerInvariant());
        json.WriteNumber("elapsed_days", review.ElapsedDays);
        json.WriteNumber("stability", review.Stability);
        json.WriteNumber("difficulty", review.Difficulty);
        json.WriteNumber("retrievability", review.Retrievability);
        json.WriteString("next_due", Timestamp(review.NextDue, setup.Zone));
        WriteNullable(json, "meeting", review.MeetingUid);
        json.WriteString("reason", decision.Reason);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
