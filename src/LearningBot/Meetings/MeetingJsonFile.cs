using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LearningBot.Meetings;

/// <summary>
/// A JSON meetings file, the same shape as the body of POST /api/meetings (<see cref="MeetingPayload"/>). Every problem
/// is reported as <c>file:line: error: meetings[2].start: …</c>, the line being that meeting's opening brace.
/// </summary>
internal static partial class MeetingJsonFile
{
    /// <summary>A file is read as JSON when it is named .json or starts with an object.</summary>
    public static bool IsJson(string path, string text) =>
        string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{');

    public static (MeetingBatch Batch, IReadOnlyList<string> Errors) Read(string path, string text, string? sellerEmail)
    {
        var empty = new MeetingBatch([], [], []);
        MeetingBatch batch;
        try
        {
            using var document = JsonDocument.Parse(text);
            batch = MeetingPayload.Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            return (empty, [$"{path}:{(e.LineNumber ?? 0) + 1}: error: not valid JSON ({e.Message.Split(" Path:")[0].Trim()})"]);
        }
        var errors = batch.Errors.ToList();
        var seller = sellerEmail?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(seller))
        {
            errors.AddRange(batch.Meetings.Where(m => m.SellerEmail != seller)
                .Select(m => $"meetings[{m.Index}].seller_email: {m.SellerEmail} is not the seller given with --seller ({seller})"));
        }
        return (batch, Locate(path, text, errors));
    }

    /// <summary>Prefixes payload errors with the file and the line of the meeting they name (line 1 for the file as a whole).</summary>
    public static IReadOnlyList<string> Locate(string path, string text, IEnumerable<string> errors)
    {
        var lines = MeetingLines(text);
        return [.. errors.Select(error =>
        {
            var match = MeetingIndex().Match(error);
            var line = match.Success && int.TryParse(match.Groups[1].Value, out var index) && index < lines.Count ? lines[index] : 1;
            return $"{path}:{line}: error: {error}";
        })];
    }

    /// <summary>The line each element of the top-level "meetings" array starts on.</summary>
    private static List<int> MeetingLines(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals("meetings"u8))
                    continue;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                    break;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    lines.Add(1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n'));
                    reader.Skip();
                }
                break;
            }
        }
        catch (JsonException)
        {
            // The parse above already reported the file as invalid.
        }
        return lines;
    }

    [GeneratedRegex(@"^meetings\[(\d+)\]")]
    private static partial Regex MeetingIndex();
}
