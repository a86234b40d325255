namespace LearningBot.Infrastructure;

/// <summary>One data row of a CSV file: its 1-based line number and its cells by lower-case header name.</summary>
internal sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] => Cells.TryGetValue(column, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}

/// <summary>The small CSV reader the import verbs share: a header row, commas, double-quoted cells with "" escapes.</summary>
internal static class CsvTable
{
    /// <exception cref="FormatException">An unterminated quote or a row with more cells than the header; the message starts with the line.</exception>
    public static (IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows) Parse(string text)
    {
        var records = new List<(int Line, List<string> Cells)>();
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        int line = 1, recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0: quoted = true; break;
                case ',': cells.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    cells.Add(cell.ToString()); cell.Clear();
                    records.Add((recordLine, cells)); cells = [];
                    line++; recordLine = line;
                    break;
                default: cell.Append(c); break;
            }
        }
        if (quoted)
            throw new FormatException($"{recordLine}: a quoted cell is never closed");
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells));
        }
        records.RemoveAll(r => r.Cells.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0)
            return ([], []);
        var header = records[0].Cells.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var rows = new List<CsvRow>();
        foreach (var (number, values) in records.Skip(1))
        {
            if (values.Count > header.Count)
                throw new FormatException($"{number}: {values.Count} cells but the header has {header.Count}");
            rows.Add(new CsvRow(number, header.Zip(values.Concat(Enumerable.Repeat("", header.Count - values.Count)))
                .ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));
        }
        return (header, rows);
    }
}
