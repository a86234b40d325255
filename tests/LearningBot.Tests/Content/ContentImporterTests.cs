using LearningBot.Search;
using Dapper;
using LearningBot.CommandLine;
using LearningBot.Content;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static LearningBot.Tests.Content.ContentDirectory;

namespace LearningBot.Tests.Content;

public sealed class ContentImporterTests(PostgresServer server)
{
    private static readonly string[] ContentTables = ["partners", "lessons", "lesson_versions", "quiz_questions"];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string SecondLesson => ValidLesson
        .Replace("id: sample-lesson", "id: second-lesson", StringComparison.Ordinal)
        .Replace("Ask about slow dashboards first.", "Then ask about BI tools.", StringComparison.Ordinal);

    [Fact]
    public async Task Directory_with_one_broken_lesson_imports_nothing_and_exits_1_with_the_findings()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = WithSample();
        directory.Write("lessons/sample-partner/second.md", SecondLesson.Replace("objective: List", "objective: Review", StringComparison.Ordinal));

        var (exit, output, error) = await ImportAsync(directory, connectionString);

        Assert.Equal(1, exit);
        Assert.Contains("lessons/sample-partner/second.md:5: error: objective uses the passive verb \"review\"", output, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", error, StringComparison.Ordinal);
        foreach (var table in ContentTables)
            Assert.Equal("[]", await SnapshotAsync(connectionString, table));
    }

    [Fact]
    public async Task Fixed_directory_imports_and_importing_it_again_changes_nothing_at_all()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = WithSample();
        directory.Write("lessons/sample-partner/second.md", SecondLesson);

        var first = await ImportAsync(directory, connectionString);
        var before = await SnapshotAllAsync(connectionString);
        var second = await ImportAsync(directory, connectionString);
        var after = await SnapshotAllAsync(connectionString);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal($"Imported {directory.Root}. Partners: 1 added, 0 changed, 0 unchanged, 0 archived. Lessons: 2 added, 0 changed, 0 unchanged, 0 archived.\n", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal($"Imported {directory.Root}. Partners: 0 added, 0 changed, 1 unchanged, 0 archived. Lessons: 0 added, 0 changed, 2 unchanged, 0 archived.\n", second.Output);
        Assert.Equal(before, after);
        Assert.Contains("\"updated_at\"", before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_lesson_keeps_every_field_the_card_needs()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample(ValidLesson.Replace("minutes: 1", "minutes: 1\navailable_from: 2026-12-01\nrelevant_until: 2027-01-31\ncampaign:\n  starts: 2026-12-09T10:00\n  audience: partner-sellers", StringComparison.Ordinal));

        await Importer(dataSource).ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        var version = await connection.QuerySingleAsync<(string Title, string Objective, string Body, string From, string Starts, string Audience, string Media, string Path)>(
            "SELECT title, objective, body_markdown, available_from::text, campaign_starts::text, campaign_audience, media::text, source_path FROM lesson_versions");
        Assert.Equal("Qualify a sample co-sell", version.Title);
        Assert.Equal("Ask about slow dashboards first.", version.Body);
        Assert.Equal("2026-12-01", version.From);
        Assert.Equal("2026-12-09 10:00:00", version.Starts);
        Assert.Equal("partner-sellers", version.Audience);
        Assert.Equal("""[{"alt": "The three signals", "url": "https://example.com/signals.png", "type": "image"}]""", version.Media);
        Assert.Equal(LessonPath, version.Path);
        var question = await connection.QuerySingleAsync<(string Kind, string Options, string Correct)>(
            "SELECT kind, options::text, correct::text FROM quiz_questions");
        Assert.Equal(("choice", """["Slow dashboards", "Many BI tools", "Big warehouse"]""", "\"Slow dashboards\""), question);
        var partner = await connection.QuerySingleAsync<(string Name, string Aliases, string Domains, string Channel)>(
            "SELECT name, aliases::text, email_domains::text, channel FROM partners");
        Assert.Equal(("Sample Partner", "{Sample}", "{samplepartner.com}", "#partner-sample"), partner);
        Assert.Equal(_time.GetUtcNow(), await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT created_at FROM partners"));
    }

    [Fact]
    public async Task Match_question_is_stored_as_pairs_and_distractors()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample(ValidLesson.Replace(
            "  - kind: choice\n    prompt: Which signal matters most?\n    options: [Slow dashboards, Many BI tools, Big warehouse]\n    correct: Slow dashboards\n",
            "  - kind: match\n    prompt: Match them\n    pairs:\n      Slow: Cache\n      Costly: Fewer queries\n    distractors: [Disks]\n",
            StringComparison.Ordinal));

        await Importer(dataSource).ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        var question = await connection.QuerySingleAsync<(string Options, string Correct)>("SELECT options::text, correct::text FROM quiz_questions");
        Assert.Equal("""{"pairs": [{"left": "Slow", "right": "Cache"}, {"left": "Costly", "right": "Fewer queries"}], "distractors": ["Disks"]}""", question.Options);
        Assert.Equal("""[{"left": "Slow", "right": "Cache"}, {"left": "Costly", "right": "Fewer queries"}]""", question.Correct);
    }

    [Fact]
    public async Task Changed_lesson_gets_version_2_while_an_answer_stays_attached_to_version_1()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample();
        var importer = Importer(dataSource);
        await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);
        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        var answerId = await connection.ExecuteScalarAsync<long>("""
            WITH seller AS (INSERT INTO sellers (email, registered_via) VALUES ('maya@example.com', 'roster') RETURNING id),
                 delivery AS (INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason)
                              SELECT id, 'lesson', 'user', 'sample-lesson', 1, 'sent', now(), 'test' FROM seller RETURNING id, seller_id)
            INSERT INTO quiz_answers (delivery_id, question_id, seller_id, answer, score, answered_at)
            SELECT d.id, q.id, d.seller_id, '"Slow dashboards"', 1, now()
            FROM delivery d, quiz_questions q WHERE q.lesson_id = 'sample-lesson' AND q.lesson_version = 1
            RETURNING id
            """);

        _time.Advance(TimeSpan.FromDays(1));
        directory.Write(LessonPath, ValidLesson.Replace("Which signal matters most?", "Which signal should you ask about first?", StringComparison.Ordinal));
        var summary = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(0, 1, 0, 0, 0), summary.Lessons);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT current_version FROM lessons WHERE id = 'sample-lesson'"));
        Assert.Equal(
            ["1:Which signal matters most?", "2:Which signal should you ask about first?"],
            (await connection.QueryAsync<string>("SELECT lesson_version || ':' || prompt FROM quiz_questions ORDER BY lesson_version")).ToList());
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT q.lesson_version FROM quiz_answers a JOIN quiz_questions q ON q.id = a.question_id WHERE a.id = @answerId", new { answerId }));
        Assert.Equal(_time.GetUtcNow(), await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT updated_at FROM lessons"));
    }

    [Fact]
    public async Task Undoing_a_change_points_the_lesson_back_at_the_version_that_had_that_content()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample();
        var importer = Importer(dataSource);
        await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);
        directory.Write(LessonPath, ValidLesson.Replace("Ask about slow dashboards first.", "Ask about BI tools first.", StringComparison.Ordinal));
        await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);
        directory.Write(LessonPath, ValidLesson);

        var summary = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(1, summary.Lessons.Changed);
        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT current_version FROM lessons"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lesson_versions"));
    }

    [Fact]
    public async Task Removed_lesson_and_partner_are_archived_not_deleted_and_come_back_when_re_added()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample();
        directory.Write("lessons/sample-partner/second.md", SecondLesson);
        var importer = Importer(dataSource);
        await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);
        await using var connection = await dataSource.OpenConnectionAsync(Cancel);

        _time.Advance(TimeSpan.FromHours(1));
        directory.Delete("lessons/sample-partner/second.md");
        var removed = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(0, 0, 1, 1, 0), removed.Lessons);
        Assert.Equal(_time.GetUtcNow(), await connection.ExecuteScalarAsync<DateTimeOffset>("SELECT archived_at FROM lessons WHERE id = 'second-lesson'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM quiz_questions WHERE lesson_id = 'second-lesson'"));

        directory.Write("lessons/sample-partner/second.md", SecondLesson);
        var restored = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(0, 0, 1, 0, 1), restored.Lessons);
        Assert.Null(await connection.ExecuteScalarAsync<DateTimeOffset?>("SELECT archived_at FROM lessons WHERE id = 'second-lesson'"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT max(current_version) FROM lessons"));

        directory.Delete(LessonPath);
        directory.Delete("lessons/sample-partner/second.md");
        directory.Delete(PartnerPath);
        directory.Write("partners/other.yaml", ValidPartner.Replace("sample-partner", "other", StringComparison.Ordinal));
        var gone = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(1, 0, 0, 1, 0), gone.Partners);
        Assert.Equal(2, gone.Lessons.Archived);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM partners"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons WHERE archived_at IS NOT NULL"));
    }

    [Fact]
    public async Task Changed_partner_is_updated_in_place()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample();
        var importer = Importer(dataSource);
        await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);
        directory.Write(PartnerPath, ValidPartner.Replace("aliases: [Sample]", "aliases: [Sample, SP]", StringComparison.Ordinal));

        var summary = await importer.ImportAsync(Load(directory), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(0, 1, 0, 0, 0), summary.Partners);
        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        Assert.Equal(["Sample", "SP"], await connection.QuerySingleAsync<string[]>("SELECT aliases FROM partners"));
    }

    [Fact]
    public async Task Importers_racing_into_an_empty_database_seed_it_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        using var directory = WithSample();
        var library = Load(directory);
        try
        {
            var summaries = await Task.WhenAll(dataSources.Select(d => Importer(d).ImportAsync(library, onlyIntoEmptyDatabase: true, Cancel)));

            Assert.Single(summaries, s => !s.Skipped);
            await using var connection = await dataSources[0].OpenConnectionAsync(Cancel);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lesson_versions"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
                await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task Library_with_lint_errors_is_refused_by_the_importer_itself()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        using var directory = WithSample(ValidLesson.Replace("objective: List", "objective: Know", StringComparison.Ordinal));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Importer(dataSource).ImportAsync(Load(directory), false, Cancel));
    }

    [Fact]
    public async Task Import_of_an_unreadable_directory_exits_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lbcontent-missing-" + Guid.NewGuid().ToString("N"));
        var error = new StringWriter();

        var exit = await ImportCommand.RunAsync(missing, null, [], TextWriter.Null, error, Cancel);

        Assert.Equal(2, exit);
        Assert.StartsWith("learningbot: error: cannot read", error.ToString(), StringComparison.Ordinal);
    }

    private ContentImporter Importer(NpgsqlDataSource dataSource) => new(dataSource, new PartnerStore(), new LessonStore(), new SearchChanges(), _time);

    private static ContentLibrary Load(ContentDirectory directory) => ContentLoader.Load(directory.Root, 7m);

    private static async Task<(int ExitCode, string Output, string Error)> ImportAsync(ContentDirectory directory, string connectionString)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ImportCommand.RunAsync(directory.Root, null,
            [$"--ConnectionStrings:LearningBot={connectionString}", "--Logging:LogLevel:Default=Warning"], output, error, Cancel);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> SnapshotAllAsync(string connectionString)
    {
        var parts = new List<string>();
        foreach (var table in ContentTables)
            parts.Add(table + "=" + await SnapshotAsync(connectionString, table));
        return string.Join('\n', parts);
    }

    /// <summary>Every row and column of a table, in a stable order, as JSON text.</summary>
    private static async Task<string> SnapshotAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<string>(
            $"SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text FROM {table} t") ?? "";
    }
}
