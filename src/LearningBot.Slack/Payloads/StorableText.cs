using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;

namespace LearningBot.Slack.Payloads;

/// <summary>
/// Text PostgreSQL can store and .NET can read: no NUL (text and jsonb columns refuse it, and one such row would fail the
/// whole commit it shares) and no unpaired surrogate escapes (<c>\ud800</c> makes <see cref="JsonElement.GetString"/> throw).
/// Requests are checked whole at the door, so no handler later meets either; each check returns null or the problem.
/// </summary>
public static class StorableText
{
    public const string NulProblem = "the body holds a NUL character";

    /// <summary>Checks raw JSON bytes: valid UTF-8, valid JSON, every string readable. Throws <see cref="JsonException"/> for bad JSON.</summary>
    public static string? JsonProblem(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
            return "the body is not valid UTF-8";
        if (utf8Json.IndexOf((byte)0) >= 0)
            return NulProblem;
        var reader = new Utf8JsonReader(utf8Json);
        while (reader.Read())
        {
            // Only escapes can smuggle in a NUL or a lone surrogate: raw control characters are invalid JSON already.
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                continue;
            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                return "a string holds an unpaired surrogate escape";
            }
            if (text.Contains('\0'))
                return "a string holds a NUL character (\\u0000)";
        }
        return null;
    }

    /// <summary>Checks a JSON text (already UTF-16, so only its escapes can be wrong).</summary>
    public static string? JsonProblem(string json) =>
        json.Contains('\0') ? NulProblem
        : json.Contains("\\u", StringComparison.Ordinal) ? JsonProblem(Encoding.UTF8.GetBytes(json))
        : null; // without escapes there is nothing to look into; the parser that follows reports bad JSON itself

    /// <summary>Checks a form body: the raw text and every decoded field.</summary>
    public static string? FormProblem(string body)
    {
        if (body.Contains('\0'))
            return NulProblem;
        foreach (var (name, values) in QueryHelpers.ParseQuery(body))
        {
            if (name.Contains('\0') || values.Any(v => v is not null && v.Contains('\0')))
                return "a form field holds a NUL character (%00)";
        }
        return null;
    }
}
