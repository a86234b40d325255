using Dapper;
using LearningBot.CommandLine;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Meetings;

public sealed class ImportVerbTests(PostgresServer server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lbt-meetings-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string SeedsDirectory = FindSeeds();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Roster_csv_imports_every_seller_and_importing_it_again_updates_in_place()
    {
        var database = await server.CreateDatabaseAsync();

        var first = await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));
        var second = await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));

        Assert.Equal(0, first.Exit);
        Assert.Contains("4 sellers added, 0 updated", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 sellers added, 4 updated", second.Output, StringComparison.Ordinal);
        Assert.Equal("America/New_York", await Scalar<string>(database, "SELECT time_zone FROM sellers WHERE email = 'maya.chen@brightlinecloud.com'"));
    }

    [Fact]
    public async Task Roster_json_imports_sellers_with_their_calendar_address()
    {
        var database = await server.CreateDatabaseAsync();
        var file = Write("roster.json", """
            [
              { "email": "Ana@Example.com", "slack_user_id": "U1", "calendar_url": "https://calendar.example.com/ana.ics" },
              { "email": "bo@example.com" }
            ]
            """);

        var result = await Run((o, e) => SellersCommand.RunAsync(file, Settings(database), o, e, Cancel));

        Assert.Equal(0, result.Exit);
        Assert.Equal("https://calendar.example.com/ana.ics", await Scalar<string>(database, "SELECT calendar_url FROM sellers WHERE email = 'ana@example.com'"));
        Assert.Equal(2L, await Scalar<long>(database, "SELECT count(*) FROM sellers"));
    }

    [Fact]
    public async Task Roster_with_bad_rows_reports_each_by_file_and_line_and_imports_nothing()
    {
        var database = await server.CreateDatabaseAsync();
        var file = Write("roster.csv", """
            email,slack_user_id,display_name,time_zone
            good@example.com,U1,Good,Europe/Berlin
            ,U2,No Email,UTC
            not-an-email,U3,Bad,UTC
            zone@example.com,U4,Zone,Mars/Olympus
            good@example.com,U5,Again,UTC
            """);

        var result = await Run((o, e) => SellersCommand.RunAsync(file, Settings(database), o, e, Cancel));

        Assert.Equal(1, result.Exit);
        Assert.Contains($"{file}:3: error: email is required", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:4: error: \"not-an-email\" is not an email address", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:5: error: time_zone \"Mars/Olympus\" is not a known time zone", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:6: error: good@example.com is already on line 2", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await Scalar<long>(database, "SELECT count(*) FROM sellers"));
    }

    [Fact]
    public async Task Opportunities_import_marks_closed_stages_closed_and_rejects_unknown_partners_without_writing()
    {
        var database = await server.CreateDatabaseAsync();
        await SeedPartnersAsync(database);
        var good = Write("opportunities.csv", """
            account_domain,partner,stage,owner_email
            contoso.com,northwind-data,discovery,maya.chen@brightlinecloud.com
            globex.com,Harborlight Security,closed-won,maya.chen@brightlinecloud.com
            """);
        var bad = Write("bad.csv", """
            account_domain,partner,stage,owner_email
            initech.com,acme-partner,discovery,maya.chen@brightlinecloud.com
            initech.com,northwind-data,,maya.chen@brightlinecloud.com
            """);

        var imported = await Run((o, e) => OpportunitiesCommand.RunAsync(good, Settings(database), o, e, Cancel));
        var rejected = await Run((o, e) => OpportunitiesCommand.RunAsync(bad, Settings(database), o, e, Cancel));

        Assert.Equal(0, imported.Exit);
        Assert.Equal("contoso.com:False,globex.com:True", await Scalar<string>(database,
            "SELECT string_agg(account_domain || ':' || CASE WHEN closed THEN 'True' ELSE 'False' END, ',' ORDER BY account_domain) FROM opportunities"));
        Assert.Equal(1, rejected.Exit);
        Assert.Contains($"{bad}:2: error: partner \"acme-partner\" is not a known partner", rejected.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}:3: error: stage is required", rejected.Error, StringComparison.Ordinal);
        Assert.Equal(2L, await Scalar<long>(database, "SELECT count(*) FROM opportunities"));
    }

    [Fact]
    public async Task Meetings_import_stores_the_sellers_meetings_with_partner_reasons()
    {
        var database = await server.CreateDatabaseAsync();
        await SeedPartnersAsync(database);
        await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));
        await Run((o, e) => OpportunitiesCommand.RunAsync(Path.Combine(SeedsDirectory, "opportunities.csv"), Settings(database), o, e, Cancel));
        var file = Write("maya.ics", CalendarFixtures.Google);

        var result = await Run((o, e) => MeetingsCommand.RunAsync(file, "maya.chen@brightlinecloud.com", new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromDays(14), Settings(database), o, e, Cancel));

        Assert.Equal(0, result.Exit);
        Assert.Contains("6 new, 0 changed, 0 cancelled", result.Output, StringComparison.Ordinal);
        Assert.Equal(
            "0a1b2c3d4e5f@google.com/20270309T150000Z|northwind-data|Contoso has an open Northwind Data opportunity;" +
            "0a1b2c3d4e5f@google.com/20270311T150000Z|northwind-data|Contoso has an open Northwind Data opportunity;" +
            "contoso-northwind@google.com|northwind-data|rep@northwinddata.com is attending;" +
            "fabrikam-intro@google.com|harborlight|Fabrikam has an open Harborlight Security opportunity",
            await Scalar<string>(database, """
                SELECT string_agg(m.external_uid || '|' || mp.partner_id || '|' || mp.reason, ';' ORDER BY m.external_uid)
                FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
                """));
    }

    [Fact]
    public async Task Reimporting_a_calendar_without_a_meeting_cancels_it_and_an_unknown_seller_imports_nothing()
    {
        var database = await server.CreateDatabaseAsync();
        await SeedPartnersAsync(database);
        await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));
        var from = new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.Zero);
        var full = Write("full.ics", CalendarFixtures.Google);
        var without = Write("without.ics", CalendarFixtures.Google.Replace("UID:contoso-northwind@google.com", "UID:renamed@google.com", StringComparison.Ordinal));

        await Run((o, e) => MeetingsCommand.RunAsync(full, "maya.chen@brightlinecloud.com", from, TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        var again = await Run((o, e) => MeetingsCommand.RunAsync(without, "maya.chen@brightlinecloud.com", from, TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        var unknown = await Run((o, e) => MeetingsCommand.RunAsync(full, "nobody@example.com", from, TimeSpan.FromDays(14), Settings(database), o, e, Cancel));

        Assert.Contains("1 new, 0 changed, 1 cancelled (gone from the source), 5 unchanged", again.Output, StringComparison.Ordinal);
        Assert.True(await Scalar<bool>(database, "SELECT cancelled FROM meetings WHERE external_uid = 'contoso-northwind@google.com'"));
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no seller with the email nobody@example.com", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(7L, await Scalar<long>(database, "SELECT count(*) FROM meetings"));
    }

    [Fact]
    public async Task Meetings_json_file_is_written_like_the_webhook_and_replans_the_sellers()
    {
        var database = await server.CreateDatabaseAsync();
        await SeedPartnersAsync(database);
        await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));
        await Run((o, e) => OpportunitiesCommand.RunAsync(Path.Combine(SeedsDirectory, "opportunities.csv"), Settings(database), o, e, Cancel));
        // The verb plans on the real clock, so the meeting is three days out from now.
        var start = TimeProvider.System.GetUtcNow().Date.AddDays(3).AddHours(20);
        var file = Write("crm.json", $$"""
            {
              "meetings": [
                {"uid": "crm-1", "seller_email": "Maya.Chen@brightlinecloud.com", "title": "Initech data platform review",
                 "start": "{{start:yyyy-MM-dd'T'HH:mm:ss}}Z", "end": "{{start.AddHours(1):yyyy-MM-dd'T'HH:mm:ss}}Z",
                 "attendees": ["cto@initech.com", "rep@northwinddata.com"]},
                {"uid": "crm-2", "seller_email": "tom.okafor@brightlinecloud.com", "title": "Litware intro",
                 "start": "{{start:yyyy-MM-dd'T'HH:mm:ss}}+00:00", "end": "{{start.AddMinutes(30):yyyy-MM-dd'T'HH:mm:ss}}+00:00",
                 "attendees": ["it@litwareinc.com"]}
              ]
            }
            """);

        var result = await Run((o, e) => MeetingsCommand.RunAsync(file, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));

        Assert.Equal(0, result.Exit);
        Assert.Contains("2 meetings received, 2 new or changed, 0 cancelled", result.Output, StringComparison.Ordinal);
        Assert.Equal(
            "crm-1|file|northwind-data|rep@northwinddata.com is attending;crm-2|file|harborlight|Litwareinc has an open Harborlight Security opportunity",
            await Scalar<string>(database, """
                SELECT string_agg(m.external_uid || '|' || m.source || '|' || mp.partner_id || '|' || mp.reason, ';' ORDER BY m.external_uid)
                FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
                """));
        Assert.Equal(2L, await Scalar<long>(database, """
            SELECT count(DISTINCT m.seller_id) FROM deliveries d JOIN meetings m ON m.id = d.meeting_id
            WHERE d.status IN ('planned', 'skipped')
            """));

        var removal = Write("removal.json", """{"deleted": ["crm-2"]}""");
        var removed = await Run((o, e) => MeetingsCommand.RunAsync(removal, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        Assert.Contains("0 meetings received, 0 new or changed, 1 cancelled", removed.Output, StringComparison.Ordinal);
        Assert.True(await Scalar<bool>(database, "SELECT cancelled FROM meetings WHERE external_uid = 'crm-2'"));
    }

    [Fact]
    public async Task Meetings_json_file_with_problems_reports_each_by_line_and_path_and_imports_nothing()
    {
        var database = await server.CreateDatabaseAsync();
        await Run((o, e) => SellersCommand.RunAsync(Path.Combine(SeedsDirectory, "roster.csv"), Settings(database), o, e, Cancel));
        var file = Write("bad.json", """
            {
              "meetings": [
                {"uid": "ok", "seller_email": "maya.chen@brightlinecloud.com", "start": "2030-03-19T10:00:00Z", "end": "2030-03-19T11:00:00Z"},
                {"uid": "late", "seller_email": "maya.chen@brightlinecloud.com",
                 "start": "2030-03-19 10:00", "end": "2030-03-19T11:00:00Z"}
              ]
            }
            """);
        var stranger = Write("stranger.json", """
            {"meetings": [
              {"uid": "ok", "seller_email": "maya.chen@brightlinecloud.com", "start": "2030-03-19T10:00:00Z", "end": "2030-03-19T11:00:00Z"},
              {"uid": "who", "seller_email": "nobody@example.com", "start": "2030-03-19T10:00:00Z", "end": "2030-03-19T11:00:00Z"}
            ]}
            """);
        var broken = Write("broken.json", "{\n  \"meetings\": [\n    {\"uid\": \"x\",}\n  ]\n}");

        var bad = await Run((o, e) => MeetingsCommand.RunAsync(file, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        var unknown = await Run((o, e) => MeetingsCommand.RunAsync(stranger, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        var mismatch = await Run((o, e) => MeetingsCommand.RunAsync(stranger, "tom.okafor@brightlinecloud.com", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));
        var invalid = await Run((o, e) => MeetingsCommand.RunAsync(broken, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), Settings(database), o, e, Cancel));

        Assert.Equal((1, 1, 1, 1), (bad.Exit, unknown.Exit, mismatch.Exit, invalid.Exit));
        Assert.Contains($"{file}:4: error: meetings[1].start: \"2030-03-19 10:00\" is not an ISO 8601 time with an offset", bad.Error, StringComparison.Ordinal);
        Assert.Contains($"learningbot: error: {file} has 1 errors; no meeting was imported.", bad.Error, StringComparison.Ordinal);
        Assert.Contains($"{stranger}:3: error: meetings[1].seller_email: no seller has the email nobody@example.com", unknown.Error, StringComparison.Ordinal);
        Assert.Contains($"{stranger}:2: error: meetings[0].seller_email: maya.chen@brightlinecloud.com is not the seller given with --seller", mismatch.Error, StringComparison.Ordinal);
        Assert.Contains($"{broken}:3: error: not valid JSON", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await Scalar<long>(database, "SELECT count(*) FROM meetings"));
    }

    [Fact]
    public async Task Ics_file_without_a_seller_is_refused_before_touching_the_database()
    {
        var file = Write("maya.ics", CalendarFixtures.Google);

        var result = await Run((o, e) => MeetingsCommand.RunAsync(file, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(14), ["--ConnectionStrings:LearningBot=Host=unused"], o, e, Cancel));

        Assert.Equal(1, result.Exit);
        Assert.Contains("--seller EMAIL", result.Error, StringComparison.Ordinal);
    }

    private static async Task SeedPartnersAsync(string database)
    {
        var exit = await ImportCommand.RunAsync(SeedsDirectory, null, Settings(database), TextWriter.Null, TextWriter.Null, Cancel);
        Assert.Equal(0, exit);
    }

    private static string[] Settings(string database) => [$"--ConnectionStrings:LearningBot={database}", "--Logging:LogLevel:Default=Warning"];

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> Run(Func<TextWriter, TextWriter, Task<int>> verb)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await verb(output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<T> Scalar<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private static string FindSeeds()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "seeds");
            if (File.Exists(Path.Combine(candidate, "roster.csv")))
                return candidate;
        }
        throw new InvalidOperationException("No seeds/ folder above the test binaries.");
    }
}
