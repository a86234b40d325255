using System.Text.Json;
using LearningBot.Infrastructure;

namespace LearningBot.Sellers;

/// <summary>
/// Reads a roster (CSV with a header, or a JSON array of objects) with columns email (required), slack_user_id,
/// display_name, time_zone (IANA), calendar_url and manager_email (who the seller reports to); every problem is reported as "file:line: error: …".
/// </summary>
internal static class RosterFile
{
    public static (IReadOnlyList<SellerImport> Sellers, IReadOnlyList<string> Errors) Read(string path, string text)
    {
        var errors = new List<string>();
        var rows = new List<(int Line, Func<string, string?> Get)>();
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                rows.AddRange(JsonRows(text));
            else
            {
                var (header, csv) = CsvTable.Parse(text);
                if (!header.Contains("email"))
                    errors.Add($"{path}:1: error: the header has no email column");
                rows.AddRange(csv.Select(r => (r.Line, (Func<string, string?>)(c => r[c]))));
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            errors.Add(e is JsonException j ? $"{path}:{(j.LineNumber ?? 0) + 1}: error: not valid JSON ({j.Message})" : $"{path}:{e.Message.Replace(": ", ": error: ", StringComparison.Ordinal)}");
            return ([], errors);
        }

        var sellers = new List<SellerImport>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, get) in rows)
        {
            var email = get("email")?.ToLowerInvariant();
            var at = $"{path}:{line}: error:";
            if (email is null)
            {
                errors.Add($"{at} email is required");
                continue;
            }
            if (NotAnEmail(email))
                errors.Add($"{at} \"{email}\" is not an email address");
            if (!seen.TryAdd(email, line))
                errors.Add($"{at} {email} is already on line {seen[email]}");
            var zone = get("time_zone");
            if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                errors.Add($"{at} time_zone \"{zone}\" is not a known time zone (use an IANA name such as Europe/Berlin)");
            var url = get("calendar_url");
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "webcal"))
                errors.Add($"{at} calendar_url must be an http(s) or webcal address");
            var manager = get("manager_email")?.ToLowerInvariant();
            if (manager is not null && NotAnEmail(manager))
                errors.Add($"{at} manager_email \"{manager}\" is not an email address");
            else if (manager == email)
                errors.Add($"{at} {email} cannot be their own manager");
            sellers.Add(new SellerImport(email, get("slack_user_id"), get("display_name"), zone, url, manager));
        }
        return (sellers, errors);
    }

    private static bool NotAnEmail(string text) =>
        text.IndexOf('@', StringComparison.Ordinal) is var at && (at <= 0 || at == text.Length - 1 || text.Contains(' ', StringComparison.Ordinal));

    private static IEnumerable<(int Line, Func<string, string?> Get)> JsonRows(string text)
    {
        var lines = LineStarts(text);
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("1: the JSON must be an array of seller objects");
        var result = new List<(int, Func<string, string?>)>();
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            index++;
            var line = ObjectLine(text, lines, index);
            if (element.ValueKind != JsonValueKind.Object)
            {
                result.Add((line, _ => null));
                continue;
            }
            var values = element.EnumerateObject().ToDictionary(
                p => p.Name.ToLowerInvariant(), p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString());
            result.Add((line, c => values.TryGetValue(c, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null));
        }
        return result;
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n')
                starts.Add(i + 1);
        return starts;
    }

    /// <summary>The line of the n-th top-level object's opening brace, for messages that point at the right place.</summary>
    private static int ObjectLine(string text, List<int> lineStarts, int n)
    {
        int depth = 0, seen = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is '[' or '{')
            {
                if (c == '{' && depth == 1 && ++seen == n)
                    return lineStarts.FindLastIndex(s => s <= i) + 1;
                depth++;
            }
            else if (c is ']' or '}') depth--;
        }
        return 1;
    }
}
