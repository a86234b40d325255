using System.Diagnostics;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Insights;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Benchmarks;

/// <summary>
/// Every insights export over a year of a large workspace (default 10,000 sellers in a three-level reporting chain, one
/// partner meeting and one meeting-driven lesson a week each: 500,000 lessons, 80 % completed, three answers each and
/// their memory items), for the whole workspace and for one director's team of about a tenth of it.
/// </summary>
internal static class InsightsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sellers = BenchmarkArgs.Option(args, "--sellers", 10_000);
        var weeks = BenchmarkArgs.Option(args, "--weeks", 50);
        var runs = BenchmarkArgs.Option(args, "--runs", 10);
        await using var database = await BenchmarkDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var seeding = Stopwatch.StartNew();
        await SeedAsync(dataSource, sellers, weeks);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var counts = await connection.QuerySingleAsync<(long Deliveries, long Answers, long Items)>(
                "SELECT (SELECT count(*) FROM deliveries), (SELECT count(*) FROM quiz_answers), (SELECT count(*) FROM memory_items)");
            Console.WriteLine($"seeded {sellers:N0} sellers, {counts.Deliveries:N0} lessons, {counts.Answers:N0} answers, {counts.Items:N0} memory items in {seeding.Elapsed.TotalSeconds:F1} s");
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        var queries = new InsightsQueries(dataSource, new Fsrs(), Options.Create(new PacingOptions()), Options.Create(new InsightsOptions()), time);
        var year = new InsightsFilter(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        foreach (var (label, filter) in new[] { ("everyone", year), ("one director's team", year with { Team = "seller1@acme.com" }) })
        {
            foreach (var table in InsightsExport.Tables)
            {
                var rows = 0;
                var samples = new List<double>();
                for (var i = 0; i <= runs; i++)
                {
                    var one = Stopwatch.StartNew();
                    var result = await InsightsExport.ReadAsync(queries, table, filter, CancellationToken.None);
                    _ = InsightsExport.Csv(result);
                    if (i > 0) // the first run warms the caches
                        samples.Add(one.Elapsed.TotalMilliseconds);
                    rows = result.Rows.Count;
                }
                samples.Sort();
                Console.WriteLine($"{label,-20} {table,-10} {rows,8:N0} rows  median {samples[samples.Count / 2],8:F0} ms  p95 {samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.95) - 1)],8:F0} ms");
            }
        }
        return 0;
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int sellers, int weeks)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, email_domains, content_hash)
            SELECT 'partner-' || p, 'Partner ' || p, ARRAY['partner' || p || '.com'], 'h' FROM generate_series(1, 20) p;
            INSERT INTO lessons (id, partner_id, objective_kind, current_version)
            SELECT 'partner-' || p || '-' || k, 'partner-' || p, k, 1
            FROM generate_series(1, 20) p, unnest(ARRAY['what-partner-does', 'joint-value', 'qualify-cosell', 'why-partner-helps']) k;
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes)
            SELECT id, 1, 'h', 'x.md', id, 'Name the three things', 'body', 4 FROM lessons;
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
            SELECT l.id, 1, q, 'choice', 'Question ' || q || ' of ' || l.id, '["a", "b", "c"]', '"a"' FROM lessons l, generate_series(1, 3) q;
            -- sellers 1-10 are directors, 11-100 managers reporting to them, everyone else reports to a manager
            INSERT INTO sellers (email, slack_user_id, time_zone, registered_via, manager_email)
            SELECT 'seller' || s || '@acme.com', 'U' || s, 'Europe/Berlin', 'roster',
                   CASE WHEN s > 100 THEN 'seller' || (11 + s % 90) || '@acme.com' WHEN s > 10 THEN 'seller' || (1 + s % 10) || '@acme.com' END
            FROM generate_series(1, @sellers) s;
            """, new { sellers });
        await connection.ExecuteAsync("""
            INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
            SELECT s, 'file', 'm-' || s || '-' || w, 'Partner call ' || w,
                   timestamptz '2026-01-05 10:00:00+00' + w * interval '1 week' + (s % 4) * interval '1 day',
                   timestamptz '2026-01-05 11:00:00+00' + w * interval '1 week' + (s % 4) * interval '1 day'
            FROM generate_series(1, @sellers) s, generate_series(0, @weeks - 1) w;
            -- The k-th meeting of a seller is about lesson (seller + k) mod 80, so no seller gets a lesson twice in 80 weeks.
            CREATE TEMP TABLE meeting_lessons AS
            SELECT m.id AS meeting_id, m.seller_id, m.starts_at,
                   (SELECT array_agg(id ORDER BY id) FROM lessons)[1 + (m.seller_id + floor(extract(epoch FROM m.starts_at - timestamptz '2026-01-05 10:00:00+00') / 604800)::int) % 80] AS lesson_id
            FROM meetings m;
            INSERT INTO meeting_partners (meeting_id, partner_id, reason)
            SELECT ml.meeting_id, l.partner_id, 'rep@partner.com is attending' FROM meeting_lessons ml JOIN lessons l ON l.id = ml.lesson_id;
            ANALYZE meetings, meeting_partners;
            """, new { sellers, weeks }, commandTimeout: 1200);
        // One lesson per meeting (a seller never gets a lesson twice: at most 80 weeks), sent a day before; 80 % completed
        // within hours, 10 % snoozed first.
        await connection.ExecuteAsync("""
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, meeting_id, status, due_at, reason, sent_at, snoozed_until, completed_at)
            SELECT m.seller_id, 'lesson', 'meeting', m.lesson_id, 1, m.meeting_id, 'sent', m.starts_at - interval '1 day',
                   CASE WHEN m.meeting_id % 10 = 3 THEN 'before the call; snoozed by the seller' ELSE 'before the call' END,
                   m.starts_at - interval '1 day', CASE WHEN m.meeting_id % 10 = 3 THEN m.starts_at - interval '20 hours' END,
                   CASE WHEN m.meeting_id % 5 <> 0 THEN m.starts_at - interval '1 day' + (m.meeting_id % 30) * interval '1 hour' END
            FROM meeting_lessons m;
            INSERT INTO quiz_answers (delivery_id, question_id, seller_id, answer, score, answered_at)
            SELECT d.id, q.id, d.seller_id, CASE WHEN (d.id + q.id) % 4 = 0 THEN '["o1"]'::jsonb ELSE '["o0"]'::jsonb END,
                   CASE WHEN (d.id + q.id) % 4 = 0 THEN 0 ELSE 1 END, d.completed_at
            FROM deliveries d JOIN quiz_questions q ON q.lesson_id = d.lesson_id
            WHERE d.completed_at IS NOT NULL;
            INSERT INTO memory_items (seller_id, question_id, lesson_id, stability, difficulty, reviews, last_grade, last_review_at, due_at)
            SELECT a.seller_id, a.question_id, q.lesson_id, 1 + a.id % 30, 5, 1, CASE WHEN a.score = 1 THEN 3 ELSE 1 END, a.answered_at,
                   a.answered_at + (1 + a.id % 30) * interval '1 day'
            FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id;
            ANALYZE;
            """, commandTimeout: 1800);
    }
}
