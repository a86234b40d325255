using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LearningBot.Content;

/// <summary>
/// Reads one YAML mapping the way an author's file should be read: every key known, every value of the
/// expected shape, and every complaint pinned to the line of the key in the file (not in the YAML block).
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, int lineOffset, LintReport report, string? context = null)
    {
        _node = node;
        Path = path;
        LineOffset = lineOffset;
        Report = report;
        Context = context;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode scalar && scalar.Value is not null)
                _entries[scalar.Value] = (scalar, value);
            else
                report.Error(path, LineOf(key), "a key must be a plain word such as \"title\"");
        }
    }

    private YamlMap(YamlMap other, string context)
    {
        _node = other._node;
        _entries = other._entries;
        Path = other.Path;
        LineOffset = other.LineOffset;
        Report = other.Report;
        Context = context;
    }

    public string Path { get; }

    public int LineOffset { get; }

    public LintReport Report { get; }

    public int Line => LineOf(_node);

    private string? Context { get; }

    public int LineOf(YamlNode node) => (int)node.Start.Line + LineOffset;

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The line of the key, or of the mapping itself when the key is absent.</summary>
    public int KeyLine(string key) => _entries.TryGetValue(key, out var entry) ? LineOf(entry.Key) : Line;

    public void RejectUnknownKeys(IReadOnlyCollection<string> known)
    {
        foreach (var (name, entry) in _entries)
        {
            if (known.Contains(name))
                continue;
            var suggestion = known.OrderBy(k => EditDistance(k, name)).First();
            var distance = EditDistance(suggestion, name);
            var hint = distance <= 2 && distance * 2 < name.Length
                ? $"did you mean \"{suggestion}\"?"
                : $"the keys allowed here are {string.Join(", ", known)}";
            Report.Error(Path, LineOf(entry.Key), $"unknown key \"{name}\"{Where}; {hint}");
        }
    }

    public string? String(string key, bool required = false)
    {
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            if (required)
                Missing(key);
            return null;
        }
        if (entry.Value is YamlScalarNode { Value: { } text })
            return text.Trim();
        Report.Error(Path, LineOf(entry.Key), $"\"{key}\"{Where} must be a single piece of text, not a list or a group of keys");
        return null;
    }

    public decimal? Number(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return value;
        Report.Error(Path, KeyLine(key), $"\"{key}\"{Where} must be a number, such as 3 or 2.5; found \"{text}\"");
        return null;
    }

    public DateOnly? Date(string key)
    {
        var text = String(key);
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        Report.Error(Path, KeyLine(key), $"\"{key}\"{Where} must be a date written as YYYY-MM-DD, such as 2026-12-01; found \"{text}\"");
        return null;
    }

    /// <summary>A list of texts, each with its line. A single text where a list is expected is accepted as a list of one.</summary>
    public IReadOnlyList<(string Text, int Line)>? StringList(string key, bool required = false)
    {
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            if (required)
                Missing(key);
            return null;
        }
        switch (entry.Value)
        {
            case YamlScalarNode { Value: { } single }:
                return [(single.Trim(), LineOf(entry.Value))];
            case YamlSequenceNode sequence:
                var items = new List<(string, int)>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text } && !IsNull(item))
                        items.Add((text.Trim(), LineOf(item)));
                    else
                        Report.Error(Path, LineOf(item), $"each entry of \"{key}\"{Where} must be a piece of text");
                }
                return items;
            default:
                Report.Error(Path, LineOf(entry.Key), $"\"{key}\"{Where} must be a list, such as [first, second]");
                return null;
        }
    }

    public YamlMap? Map(string key, string context, bool required = false)
    {
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            if (required)
                Missing(key);
            return null;
        }
        if (entry.Value is YamlMappingNode mapping)
            return new YamlMap(mapping, Path, LineOffset, Report, context);
        Report.Error(Path, LineOf(entry.Key), $"\"{key}\"{Where} must be a group of keys, each on its own indented line");
        return null;
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            if (required)
                Missing(key);
            return null;
        }
        if (entry.Value is YamlSequenceNode sequence)
            return sequence;
        Report.Error(Path, LineOf(entry.Key), $"\"{key}\"{Where} must be a list whose entries start with \"- \"");
        return null;
    }

    /// <summary>The same mapping, named differently in messages (once its type is known).</summary>
    public YamlMap WithContext(string context) => new(this, context);

    /// <summary>The raw value node (for keys whose values are themselves mappings, such as match pairs).</summary>
    public YamlNode? Value(string key) => _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry.Value : null;

    private string Where => Context is null ? "" : $" in {Context}";

    private void Missing(string key) =>
        Report.Error(Path, Line, $"{(Context is null ? "the front matter" : Context)} is missing \"{key}\"");

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
