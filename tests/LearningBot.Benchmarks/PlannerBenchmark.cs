using Microsoft.Extensions.DependencyInjection;
using LearningBot.Infrastructure.Telemetry;
using System.Diagnostics.Metrics;
using System.Diagnostics;
using Dapper;
using LearningBot.Delivery;
using LearningBot.Reinforcement;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Benchmarks;

/// <summary>
/// Plans every seller of a large synthetic workspace (default 10,000 sellers with two weeks of meetings each,
/// about 200,000 meetings, a third of them with a partner, and 50 memory items each for quick checks, 500,000 in all),
/// then re-plans one seller after one meeting moves.
/// </summary>
internal static class PlannerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sellers = BenchmarkArgs.Option(args, "--sellers", 10_000);
        var perSeller = BenchmarkArgs.Option(args, "--meetings-per-seller", 20);
        var items = BenchmarkArgs.Option(args, "--items-per-seller", 50);
        await using var database = await BenchmarkDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);

        var seeding = Stopwatch.StartNew();
        await SeedAsync(dataSource, sellers, perSeller, items);
        Console.WriteLine($"seeded {sellers:N0} sellers, {sellers * perSeller:N0} meetings, {sellers * items:N0} memory items in {seeding.Elapsed.TotalSeconds:F1} s");

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero));
        var planner = new DeliveryPlanner(dataSource, new PlanningQueries(dataSource), Options.Create(new PacingOptions()), Options.Create(new DeliveryOptions()),
            new QuickCheckPlanning(new Fsrs(), Options.Create(new ReinforcementOptions())), time,
            new BotMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), NullLogger<DeliveryPlanner>.Instance);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes();
        var full = Stopwatch.StartNew();
        var summary = await planner.PlanAllAsync(CancellationToken.None);
        full.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"full plan: {full.Elapsed.TotalSeconds:F2} s, planned {summary.Planned:N0}, skipped {summary.Skipped:N0}, "
            + $"allocated {(GC.GetTotalAllocatedBytes() - before) / 1024.0 / 1024.0:N0} MiB, peak working set {peak / 1024.0 / 1024.0:N0} MiB");

        var samples = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var sellerId = 1 + (i * 197 % sellers);
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync("""
                    UPDATE meetings SET starts_at = starts_at + interval '30 minutes', ends_at = ends_at + interval '30 minutes'
                    WHERE id = (SELECT id FROM meetings WHERE seller_id = @sellerId ORDER BY starts_at LIMIT 1 OFFSET 5)
                    """, new { sellerId });
            }
            var one = Stopwatch.StartNew();
            await planner.PlanSellerAsync(sellerId, CancellationToken.None);
            samples.Add(one.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine($"re-plan one seller after a moved meeting: median {samples[samples.Count / 2]:F1} ms, p95 {samples[(int)(samples.Count * 0.95)]:F1} ms");
        return 0;
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource, int sellers, int perSeller, int items)
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
            INSERT INTO sellers (email, slack_user_id, time_zone, registered_via)
            SELECT 'seller' || s || '@acme.com', 'U' || s,
                   (ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Los_Angeles'])[1 + s % 4], 'roster'
            FROM generate_series(1, @sellers) s;
            """, new { sellers });
        await connection.ExecuteAsync("""
            INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
            SELECT s, 'file', 'm-' || s || '-' || m,
                   'Meeting ' || m,
                   timestamptz '2026-11-30 08:00:00+00' + ((m / 2) * interval '1 day') + ((m % 2) * interval '3 hours') + ((s % 5) * interval '30 minutes'),
                   timestamptz '2026-11-30 09:00:00+00' + ((m / 2) * interval '1 day') + ((m % 2) * interval '3 hours') + ((s % 5) * interval '30 minutes')
            FROM generate_series(1, @sellers) s, generate_series(0, @perSeller - 1) m;
            INSERT INTO meeting_partners (meeting_id, partner_id, reason)
            SELECT id, 'partner-' || (1 + id % 20), 'rep@partner' || (1 + id % 20) || '.com is attending'
            FROM meetings WHERE id % 3 = 0;
            """, new { sellers, perSeller }, commandTimeout: 600);
        // Five questions a lesson; each seller remembers (or forgot) 50 of them, a third missed, some due already.
        await connection.ExecuteAsync("""
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
            SELECT l.id, 1, q, 'choice', 'Question ' || q || ' of ' || l.id, '["a", "b", "c"]', '"a"' FROM lessons l, generate_series(0, 4) q;
            INSERT INTO memory_items (seller_id, question_id, lesson_id, stability, difficulty, reviews, last_grade, last_review_at, due_at)
            SELECT s, q.id, q.lesson_id, 0.2 + (s + q.id) % 40, 5, 1, CASE WHEN (s + q.id) % 3 = 0 THEN 1 ELSE 3 END,
                   timestamptz '2026-11-25 10:00:00+00' - ((s + q.id) % 10) * interval '1 day',
                   timestamptz '2026-11-25 10:00:00+00' + ((s + q.id) % 20) * interval '1 day'
            FROM generate_series(1, @sellers) s
            CROSS JOIN LATERAL (SELECT id, lesson_id FROM quiz_questions ORDER BY (id * 7919 + s) % 400, id LIMIT @items) q;
            ANALYZE;
            """, new { sellers, items }, commandTimeout: 600);
    }
}
