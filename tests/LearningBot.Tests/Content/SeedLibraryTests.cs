using LearningBot.Search;
using Dapper;
using LearningBot.CommandLine;
using LearningBot.Content;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Content;

public sealed class SeedLibraryTests(PostgresServer server)
{
    private static readonly string Seeds = SeedDirectory.Find(null, [AppContext.BaseDirectory])
        ?? throw new InvalidOperationException("The repository's seeds/ folder was not found above the test output.");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Seeds_lint_clean_with_exit_code_0()
    {
        var output = new StringWriter();

        var exit = LintCommand.Run(Seeds, null, [], output, TextWriter.Null);

        Assert.Equal($"{Seeds}: 3 partners, 14 lessons: 0 errors, 0 warnings\n", output.ToString());
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Seeds_give_every_partner_one_lesson_per_objective_kind_and_use_every_quiz_kind()
    {
        var library = ContentLoader.Load(Seeds, 7m);
        string[] partnerKinds = ["what-partner-does", "joint-value", "qualify-cosell", "why-partner-helps"];

        Assert.True(library.Partners.Count >= 3);
        foreach (var partner in library.Partners)
        {
            var kinds = library.Lessons.Where(l => l.PartnerId == partner.Id && partnerKinds.Contains(l.ObjectiveKind))
                .Select(l => l.ObjectiveKind).Order().ToList();
            Assert.Equal(partnerKinds.Order(), kinds);
        }
        Assert.Contains(library.Lessons, l => l.ObjectiveKind == "product-release" && l.Campaign is not null);
        Assert.Contains(library.Lessons, l => l.ObjectiveKind == "spiff" && l.Campaign is not null);
        Assert.All(library.Lessons, l => Assert.Contains(l.Media, m => m.Type is "image" or "video"));
        Assert.All(library.Lessons.SelectMany(l => l.Media).Where(m => m.Type == "video"), m => Assert.False(string.IsNullOrWhiteSpace(m.Transcript)));
        Assert.Equal(["choice", "match", "pick"], library.Lessons.SelectMany(l => l.Quiz).Select(q => q.Kind).Distinct().Order());
        Assert.All(library.Lessons, l => Assert.InRange(l.EstimatedMinutes, 1.5m, 5m));
        Assert.All(library.Lessons, l => Assert.InRange(l.KeyPoints.Count, 1, 3));
    }

    [Fact]
    public void No_seed_lesson_lists_the_right_answer_first_in_every_question()
    {
        var library = ContentLoader.Load(Seeds, 7m);

        foreach (var lesson in library.Lessons)
        {
            var questions = lesson.Quiz.Where(q => q.Kind is "choice" or "pick").ToList();
            Assert.Contains(questions, q => !q.Options.Take(q.Correct.Count).ToHashSet().SetEquals(q.Correct));
        }
    }

    [Fact]
    public void Seed_demo_data_has_a_roster_calendars_and_opportunities()
    {
        var roster = File.ReadAllLines(Path.Combine(Seeds, "roster.csv"));
        Assert.Equal("email,slack_user_id,display_name,time_zone", roster[0]);
        foreach (var seller in roster.Skip(1).Select(l => l.Split(',')))
        {
            var calendar = File.ReadAllText(Path.Combine(Seeds, "calendars", seller[0].Split('@')[0] + ".ics"));
            Assert.StartsWith("BEGIN:VCALENDAR", calendar, StringComparison.Ordinal);
            TimeZoneInfo.FindSystemTimeZoneById(seller[3]);
        }
        var calendars = string.Join('\n', Directory.GetFiles(Path.Combine(Seeds, "calendars"), "*.ics").Select(File.ReadAllText));
        Assert.Contains("RRULE:", calendars, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", calendars, StringComparison.Ordinal);
        Assert.Contains("@northwinddata.com", calendars, StringComparison.Ordinal);
        var partners = ContentLoader.Load(Seeds, 7m).Partners.Select(p => p.Id).ToHashSet();
        var opportunities = File.ReadAllLines(Path.Combine(Seeds, "opportunities.csv"));
        Assert.Equal("account_domain,partner,stage,owner_email", opportunities[0]);
        Assert.All(opportunities.Skip(1), o => Assert.Contains(o.Split(',')[1], partners));
    }

    [Fact]
    public async Task Seeds_import_once_a_second_import_changes_nothing_and_every_lesson_is_searchable()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        var importer = new ContentImporter(dataSource, new PartnerStore(), new LessonStore(), new SearchChanges(), new FakeTimeProvider());

        var first = await importer.ImportAsync(ContentLoader.Load(Seeds, 7m), onlyIntoEmptyDatabase: false, Cancel);
        var second = await importer.ImportAsync(ContentLoader.Load(Seeds, 7m), onlyIntoEmptyDatabase: false, Cancel);

        Assert.Equal(new ImportCounts(3, 0, 0, 0, 0), first.Partners);
        Assert.Equal(new ImportCounts(14, 0, 0, 0, 0), first.Lessons);
        Assert.Equal(new ImportCounts(0, 0, 14, 0, 0), second.Lessons);
        await using var connection = await dataSource.OpenConnectionAsync(Cancel);
        Assert.Equal(14, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lesson_search WHERE NOT archived"));
        var hits = await new LearningBot.Search.LessonSearch(dataSource).SearchAsync("region the customer never uses", 5, Cancel);
        Assert.Equal("video transcript", hits[0].MatchedIn);
    }

    [Fact]
    public async Task Serve_against_an_empty_database_imports_the_seeds_and_a_restart_does_not_import_again()
    {
        var connectionString = await server.CreateDatabaseAsync();
        KeyValuePair<string, string>[] settings = [new("Content:SeedOnStart", "true"), new("Content:SeedDirectory", Seeds)];

        await using (var bot = await BotHost.StartAsync(connectionString, settings))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            Assert.Equal(14, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons WHERE archived_at IS NULL"));
            Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM partners"));
        }

        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.ExecuteAsync("UPDATE lesson_versions SET title = 'edited by hand' WHERE lesson_id = 'northwind-qualify-cosell'");
        await using (var again = await BotHost.StartAsync(connectionString, settings))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            Assert.Equal("edited by hand", await connection.ExecuteScalarAsync<string>(
                "SELECT title FROM lesson_versions WHERE lesson_id = 'northwind-qualify-cosell'"));
        }
    }

    [Fact]
    public async Task Serve_finds_no_seeds_and_still_starts_with_an_empty_library()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var nowhere = Path.Combine(Path.GetTempPath(), "lbcontent-none-" + Guid.NewGuid().ToString("N"));

        await using var bot = await BotHost.StartAsync(connectionString, [new("Content:SeedOnStart", "true"), new("Content:SeedDirectory", nowhere)]);

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons"));
    }

    [Fact]
    public void Seed_directory_is_found_by_walking_up_from_a_nested_folder()
    {
        var nested = Path.Combine(Seeds, "..", "src", "LearningBot");

        Assert.Equal(Path.GetFullPath(Seeds), SeedDirectory.Find(null, [nested]));
        Assert.Null(SeedDirectory.Find("/definitely/not/here", [nested]));
    }
}
