using System.Diagnostics;
using System.Text;
using Dapper;
using LearningBot.Search;
using Npgsql;

namespace LearningBot.Benchmarks;

/// <summary>
/// Search latency over a large library: 10,000 lessons (title, objective, body, transcript, alt text, quiz) and
/// 200,000 discussion replies, built from a fixed-seed vocabulary of made-up words; then 300 queries of the kinds
/// sellers type (a transcript phrase, a quiz option, alt text, a reply, a typo, a partner name).
/// </summary>
internal static class SearchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var lessons = Option(args, "--lessons", 10_000);
        var replies = Option(args, "--replies", 200_000);
        var existing = Environment.GetEnvironmentVariable("LEARNINGBOT_BENCH_SEARCH_DATABASE");
        await using var database = existing is null ? await BenchmarkDatabase.CreateAsync() : null;
        await using var dataSource = NpgsqlDataSource.Create(existing ?? database!.ConnectionString);
        var random = new Random(42);
        var vocabulary = Vocabulary(random, 6000);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));

        var seeding = Stopwatch.StartNew();
        if (existing is null)
        {
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
            var all = await connection.QueryAsync<string>("SELECT id FROM lessons ORDER BY id");
            foreach (var batch in all.Chunk(100))
                await SearchIndex.RefreshAsync(connection, batch);
            await connection.ExecuteAsync("ANALYZE lesson_search; ANALYZE search_words");
            Console.WriteLine($"seeded and indexed {lessons:N0} lessons and {replies:N0} replies in {seeding.Elapsed.TotalSeconds:F1} s");
        }

        var queries = await QueriesAsync(dataSource, random, 300);
        var search = new LessonSearch(dataSource);
        foreach (var query in queries.Take(20))
            await search.SearchAsync(query, 5, CancellationToken.None);
        var samples = new List<double>();
        foreach (var query in queries)
        {
            var watch = Stopwatch.StartNew();
            await search.SearchAsync(query, 5, CancellationToken.None);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine($"search over {queries.Count} queries: p50 {samples[samples.Count / 2]:F1} ms, p95 {samples[(int)(samples.Count * 0.95)]:F1} ms, max {samples[^1]:F1} ms");
        return 0;
    }

    /// <summary>Phrases lifted from stored fields, some with a typo, some with a partner name in front.</summary>
    private static async Task<List<string>> QueriesAsync(NpgsqlDataSource dataSource, Random random, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var sources = (await connection.QueryAsync<string>("""
            SELECT split_part(transcript_text, ' ', 5) || ' ' || split_part(transcript_text, ' ', 6) FROM lesson_search TABLESAMPLE SYSTEM (5)
            UNION ALL SELECT split_part(quiz_text, ' ', 3) || ' ' || split_part(quiz_text, ' ', 4) FROM lesson_search TABLESAMPLE SYSTEM (5)
            UNION ALL SELECT split_part(alt_text, ' ', 2) FROM lesson_search TABLESAMPLE SYSTEM (5)
            UNION ALL SELECT split_part(discussion_text, ' ', 7) || ' ' || split_part(discussion_text, ' ', 8) FROM lesson_search TABLESAMPLE SYSTEM (5)
            """)).Where(s => s.Trim().Length > 0).ToList();
        var queries = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var query = sources[random.Next(sources.Count)];
            queries.Add((i % 5) switch
            {
                0 => query.Length > 5 ? query.Remove(3, 1) : query,
                1 => $"partner{1 + random.Next(50)} {query}",
                _ => query,
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

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
