using System.Diagnostics;
using System.Text;
using Dapper;
using LearningBot.Infrastructure.Database;
using LearningBot.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LearningBot.Benchmarks;

/// <summary>
/// Search latency and result quality over a large library: 10,000 lessons (title, objective, body, transcript, alt text,
/// quiz) and 200,000 discussion replies built from a fixed-seed vocabulary of made-up words; then queries of the kinds
/// sellers type, each lifted from one lesson, so the benchmark also counts how often that lesson comes first.
/// </summary>
internal static class SearchBenchmark
{
    private sealed record Query(string Kind, string Text, string Source);

    public static async Task<int> RunAsync(string[] args)
    {
        var lessons = BenchmarkArgs.Option(args, "--lessons", 10_000);
        var replies = BenchmarkArgs.Option(args, "--replies", 200_000);
        var perKind = BenchmarkArgs.Option(args, "--queries-per-kind", 50);
        var existing = Environment.GetEnvironmentVariable("LEARNINGBOT_BENCH_SEARCH_DATABASE");
        await using var database = existing is null ? await BenchmarkDatabase.CreateAsync() : null;
        await using var dataSource = NpgsqlDataSource.Create(existing ?? database!.ConnectionString);
        var random = new Random(42);

        if (existing is null)
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(dataSource, random, lessons, replies);
            Console.WriteLine($"seeded {lessons:N0} lessons and {replies:N0} replies in {seeding.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            await new Migrator(dataSource, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        }
        if (existing is null || args.Contains("--reindex"))
            await IndexAsync(dataSource);

        var queries = await QueriesAsync(dataSource, new Random(7), perKind);
        var search = new LessonSearch(dataSource);
        foreach (var query in queries.Take(40))
            await search.SearchAsync(query.Text, 5, CancellationToken.None);

        var results = new List<(Query Query, double Ms, int Position)>();
        foreach (var query in queries)
        {
            var watch = Stopwatch.StartNew();
            var hits = await search.SearchAsync(query.Text, 5, CancellationToken.None);
            var ms = watch.Elapsed.TotalMilliseconds;
            results.Add((query, ms, hits.Select(h => h.LessonId).ToList().IndexOf(query.Source)));
        }

        Console.WriteLine($"| kind | queries | p50 ms | p95 ms | p99 ms | max ms | source lesson first | in top 5 |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Query.Kind))
            Console.WriteLine(Row(group.Key, [.. group]));
        Console.WriteLine(Row("**all**", results));
        return 0;
    }

    private static string Row(string kind, IReadOnlyList<(Query Query, double Ms, int Position)> results)
    {
        var samples = results.Select(r => r.Ms).Order().ToList();
        double Percentile(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * p) - 1)];
        var judged = results.Where(r => r.Query.Source.Length > 0).ToList();
        string Share(Func<int, bool> test) => judged.Count == 0 ? "–" : $"{100.0 * judged.Count(r => test(r.Position)) / judged.Count:F0} %";
        return $"| {kind} | {results.Count} | {Percentile(0.5):F1} | {Percentile(0.95):F1} | {Percentile(0.99):F1} | {samples[^1]:F1} | "
            + $"{Share(p => p == 0)} | {Share(p => p >= 0)} |";
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, Random random, int lessons, int replies)
    {
        var vocabulary = Vocabulary(random, 6000);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, content_hash)
            SELECT 'partner-' || p, 'Partner' || p, ARRAY['P' || p], 'h' FROM generate_series(1, 50) p
            """);
        for (var start = 0; start < lessons; start += 1000)
        {
            var ids = Enumerable.Range(start, Math.Min(1000, lessons - start)).Select(i => $"lesson-{i}").ToArray();
            await connection.ExecuteAsync("""
                INSERT INTO lessons (id, partner_id, objective_kind, current_version)
                SELECT id, 'partner-' || (1 + n % 50), 'joint-value', 1 FROM unnest(@ids) WITH ORDINALITY AS x(id, n);
                INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes, media)
                SELECT id, 1, 'h', 'x.md', t, o, b, 4,
                       jsonb_build_array(jsonb_build_object('type', 'video', 'transcript', tr), jsonb_build_object('type', 'image', 'alt', alt))
                FROM unnest(@ids, @titles, @objectives, @bodies, @transcripts, @alts) AS x(id, t, o, b, tr, alt);
                INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
                SELECT id, 1, 1, 'choice', prompt, to_jsonb(string_to_array(options, '|')), '"x"'::jsonb
                FROM unnest(@ids, @prompts, @options) AS x(id, prompt, options);
                INSERT INTO discussions (lesson_id, channel_id, thread_ts)
                SELECT id, 'C' || (1 + n % 50), (@start + n) || '.000' FROM unnest(@ids) WITH ORDINALITY AS x(id, n);
                """, new
            {
                ids,
                start,
                titles = ids.Select(_ => Text(6)).ToArray(),
                objectives = ids.Select(_ => Text(10)).ToArray(),
                bodies = ids.Select(_ => Text(300)).ToArray(),
                transcripts = ids.Select(_ => Text(150)).ToArray(),
                alts = ids.Select(_ => Text(12)).ToArray(),
                prompts = ids.Select(_ => Text(12)).ToArray(),
                options = ids.Select(_ => string.Join('|', Enumerable.Range(0, 4).Select(_ => Text(4)))).ToArray(),
            }, commandTimeout: 600);
        }
        for (var start = 0; start < replies; start += 10_000)
        {
            var count = Math.Min(10_000, replies - start);
            await connection.ExecuteAsync("""
                INSERT INTO discussion_replies (discussion_id, message_ts, author_user_id, text, posted_at)
                SELECT 1 + ((@start + n) % @lessons), (@start + n) || '.0001', 'U1', t, now() FROM unnest(@texts) WITH ORDINALITY AS x(t, n)
                """, new { texts = Enumerable.Range(0, count).Select(_ => Text(25)).ToArray(), lessons, start }, commandTimeout: 600);
        }
    }

    /// <summary>Indexes the whole library the way the importer does, in batches, and says how long it took.</summary>
    private static async Task IndexAsync(NpgsqlDataSource dataSource)
    {
        var indexing = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync();
        var all = (await connection.QueryAsync<string>("SELECT id FROM lessons ORDER BY id")).ToList();
        foreach (var batch in all.Chunk(100))
            await SearchIndex.RefreshAsync(connection, batch);
        await connection.ExecuteAsync("VACUUM ANALYZE");
        Console.WriteLine($"indexed {all.Count:N0} lessons in {indexing.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Queries lifted from the stored lessons: a phrase from a transcript, a whole quiz option, words of the alt text, a
    /// phrase from one discussion reply, title words, a phrase with a typo, the lesson's partner and a phrase, and one
    /// common word (which has no single right answer).
    /// </summary>
    private static async Task<List<Query>> QueriesAsync(NpgsqlDataSource dataSource, Random random, int perKind)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Id, string Partner, string Title, string Transcript, string Alt, string Option, string Reply)>("""
            SELECT l.id, p.name, v.title, v.media -> 0 ->> 'transcript', v.media -> 1 ->> 'alt', q.options ->> 1,
                   (SELECT r.text FROM discussions d JOIN discussion_replies r ON r.discussion_id = d.id WHERE d.lesson_id = l.id
                    ORDER BY r.id LIMIT 1)
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            JOIN partners p ON p.id = l.partner_id
            JOIN quiz_questions q ON q.lesson_id = l.id AND q.lesson_version = v.version AND q.position = 1
            WHERE l.id IN (SELECT id FROM lessons ORDER BY md5(id) LIMIT @count)
            """, new { count = perKind * 8 })).ToList();

        string Phrase(string text, int words)
        {
            var all = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = random.Next(Math.Max(1, all.Length - words + 1));
            return string.Join(' ', all.Skip(start).Take(words));
        }
        static string Typo(string phrase)
        {
            var words = phrase.Split(' ');
            var longest = words.Select((w, i) => (w, i)).MaxBy(x => x.w.Length).i;
            words[longest] = words[longest].Remove(words[longest].Length / 2, 1);
            return string.Join(' ', words);
        }

        var queries = new List<Query>();
        foreach (var (row, n) in rows.Select((r, n) => (r, n)))
        {
            queries.Add((n % 8) switch
            {
                0 => new Query("transcript phrase", Phrase(row.Transcript, 2), row.Id),
                1 => new Query("quiz option", row.Option, row.Id),
                2 => new Query("alt text words", Phrase(row.Alt, 2), row.Id),
                3 => new Query("discussion reply phrase", Phrase(row.Reply, 2), row.Id),
                4 => new Query("title words", Phrase(row.Title, 3), row.Id),
                5 => new Query("typo in a phrase", Typo(Phrase(n % 16 < 8 ? row.Transcript : row.Option, 2)), row.Id),
                6 => new Query("partner name + phrase", $"{row.Partner.ToLowerInvariant()} {Phrase(row.Transcript, 2)}", row.Id),
                _ => new Query("one common word", Phrase(row.Transcript, 1), ""),
            });
        }
        return queries;
    }

    private static string[] Vocabulary(Random random, int size)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pra", "stel", "dor", "ven", "mor", "quin", "tas", "bel", "cor", "fin", "gra"];
        var words = new HashSet<string>();
        while (words.Count < size)
        {
            var word = new StringBuilder();
            for (var s = 0; s < 2 + random.Next(3); s++)
                word.Append(syllables[random.Next(syllables.Length)]);
            words.Add(word.ToString());
        }
        return [.. words];
    }
}
