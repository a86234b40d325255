using System.Collections.Concurrent;

namespace LearningBot.Insights;

/// <summary>The insights queries, one .sql file per figure next to the code that reads it, embedded in the assembly.</summary>
internal static class InsightsSql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(InsightsSql).Assembly.GetManifestResourceStream($"Insights.{n}.sql")
            ?? throw new InvalidOperationException($"The insights query {n}.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
