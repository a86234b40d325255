using Dapper;
using LearningBot.Search;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Search;

public sealed class LessonSearchTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons") > 0)
            return;
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, content_hash) VALUES
              ('northwind', 'Northwind Data', '{NWD}', 'h'), ('globex', 'Globex Cloud', '{}', 'h');
            """);
        await LessonAsync(connection, "northwind-qualify", "northwind", "Qualify a Northwind co-sell in three questions",
            "Qualify a co-sell opportunity with the three entry questions", "Ask about dashboards first.",
            media: """[{"type":"video","title":"Talk track","transcript":"When the customer mentions a latency budget, ask how they measure it today."}]""",
            quiz: ("Pick the roles that sign off on the procurement carousel", """["CFO","Head of data","Intern"]"""));
        await LessonAsync(connection, "globex-architecture", "globex", "Explain where Globex sits in the stack",
            "Explain where Globex sits between warehouse and BI", "Globex caches queries.",
            media: """[{"type":"image","url":"https://example.com/a.png","alt":"A lighthouse diagram with three harbours"}]""",
            quiz: ("Where does Globex run?", """["In the warehouse","Between warehouse and BI"]"""));
        await LessonAsync(connection, "globex-value", "globex", "Name the joint value of Globex and us",
            "Name the two joint benefits", "Faster dashboards, fewer tools.",
            media: "[]", quiz: ("Which benefit is joint?", """["Speed","Colour"]"""));
        await LessonAsync(connection, "northwind-value", "northwind", "Name the joint value of Northwind and us",
            "Name the two joint benefits", "Semantic layer.", media: "[]", quiz: ("Which benefit?", """["Semantic layer","Paper"]"""));

        var discussion = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO discussions (lesson_id, channel_id, thread_ts) VALUES ('globex-value', 'C0GLOBEX', '1.0') RETURNING id");
        await connection.ExecuteAsync("""
            INSERT INTO discussion_replies (discussion_id, message_ts, author_user_id, text, posted_at)
            VALUES (@discussion, '1.1', 'U1', 'This came up with a shipyard customer who hated their spreadsheet zoo', now())
            """, new { discussion });
        await SearchIndex.RefreshAsync(connection, ["northwind-qualify", "globex-architecture", "globex-value", "northwind-value"]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task LessonAsync(Npgsql.NpgsqlConnection connection, string id, string partner, string title, string objective,
        string body, string media, (string Prompt, string Options) quiz)
    {
        await connection.ExecuteAsync("""
            INSERT INTO lessons (id, partner_id, objective_kind, current_version) VALUES (@id, @partner, 'joint-value', 1);
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes, media)
            VALUES (@id, 1, 'h', 'x.md', @title, @objective, @body, 4, @media::jsonb);
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
            VALUES (@id, 1, 1, 'choice', @prompt, @options::jsonb, '"x"'::jsonb);
            """, new { id, partner, title, objective, body, media, prompt = quiz.Prompt, options = quiz.Options });
    }

    private LessonSearch Search() => new(database.DataSource);

    [Theory]
    [InlineData("latency budget", "northwind-qualify", "video transcript")]
    [InlineData("procurement carousel", "northwind-qualify", "quiz")]
    [InlineData("lighthouse harbours", "globex-architecture", "image")]
    [InlineData("spreadsheet zoo", "globex-value", "discussion in <#C0GLOBEX>")]
    [InlineData("procurment carousell", "northwind-qualify", "quiz")]
    [InlineData("lighthose", "globex-architecture", "image")]
    public async Task A_phrase_found_in_only_one_place_puts_the_right_lesson_first_and_says_where(string query, string lesson, string matchedIn)
    {
        var hits = await Search().SearchAsync(query, 5, TestContext.Current.CancellationToken);

        Assert.NotEmpty(hits);
        Assert.Equal(lesson, hits[0].LessonId);
        Assert.Equal(matchedIn, hits[0].MatchedIn);
        Assert.Contains("*", hits[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_snippet_highlights_the_matching_words_in_mrkdwn()
    {
        var hits = await Search().SearchAsync("procurement carousel", 5, TestContext.Current.CancellationToken);

        Assert.Contains("*procurement* *carousel*", hits[0].Snippet, StringComparison.Ordinal);
        var fragment = await Search().SearchAsync("latency budget", 5, TestContext.Current.CancellationToken);
        Assert.Contains("*latency* *budget*", fragment[0].Snippet, StringComparison.Ordinal);
        Assert.StartsWith("…", fragment[0].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_a_partner_boosts_that_partners_lessons()
    {
        var withoutPartner = await Search().SearchAsync("joint benefits", 5, TestContext.Current.CancellationToken);
        var withPartner = await Search().SearchAsync("northwind joint benefits", 5, TestContext.Current.CancellationToken);

        Assert.Equal(2, withoutPartner.Count);
        Assert.Equal("northwind-value", withPartner[0].LessonId);
        Assert.Equal("Northwind Data", withPartner[0].PartnerName);
    }

    [Fact]
    public async Task A_new_reply_is_found_once_its_lesson_is_refreshed_and_a_deleted_one_no_longer()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancel);
        await connection.ExecuteAsync("""
            INSERT INTO discussion_replies (discussion_id, message_ts, author_user_id, text, posted_at)
            SELECT id, '1.2', 'U2', 'Their harbour pilots board every tanker by helicopter', now() FROM discussions WHERE lesson_id = 'globex-value'
            """);
        Assert.DoesNotContain(await Search().SearchAsync("harbour pilots helicopter", 5, cancel), h => h.LessonId == "globex-value");

        await SearchIndex.RefreshAsync(connection, ["globex-value"]);
        var hits = await Search().SearchAsync("harbour pilots helicopter", 5, cancel);
        Assert.Equal("globex-value", hits[0].LessonId);
        Assert.Equal("discussion in <#C0GLOBEX>", hits[0].MatchedIn);

        await connection.ExecuteAsync("UPDATE discussion_replies SET deleted_at = now() WHERE message_ts = '1.2'");
        await SearchIndex.RefreshAsync(connection, ["globex-value"]);
        Assert.DoesNotContain(await Search().SearchAsync("harbour pilots helicopter", 5, cancel), h => h.LessonId == "globex-value");
        Assert.Equal("globex-value", (await Search().SearchAsync("spreadsheet zoo", 5, cancel))[0].LessonId);
    }

    [Fact]
    public async Task Refreshing_the_same_lessons_concurrently_does_not_fail()
    {
        var cancel = TestContext.Current.CancellationToken;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancel);
            for (var i = 0; i < 5; i++)
                await SearchIndex.RefreshAsync(connection, ["northwind-qualify", "globex-value"]);
        }));

        Assert.Equal("northwind-qualify", (await Search().SearchAsync("latency budget", 5, cancel))[0].LessonId);
    }

    [Fact]
    public async Task An_archived_lesson_is_not_found()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancel);
        await LessonAsync(connection, "globex-retired", "globex", "Retired: the old kiosk pitch", "Pitch the kiosk bundle", "Kiosks.",
            media: "[]", quiz: ("Which kiosk?", """["Blue","Red"]"""));
        await SearchIndex.RefreshAsync(connection, ["globex-retired"]);
        Assert.Equal("globex-retired", (await Search().SearchAsync("kiosk pitch", 5, cancel))[0].LessonId);

        await connection.ExecuteAsync("UPDATE lessons SET archived_at = now() WHERE id = 'globex-retired'");
        await SearchIndex.RefreshAsync(connection, ["globex-retired"]);
        Assert.Empty(await Search().SearchAsync("kiosk pitch", 5, cancel));
    }

    [Fact]
    public async Task Words_found_only_in_different_fields_still_find_the_lesson_holding_most_of_them_first()
    {
        var hits = await Search().SearchAsync("latency dashboards", 5, TestContext.Current.CancellationToken);

        Assert.Equal("northwind-qualify", hits[0].LessonId);
        Assert.Contains(hits, h => h.LessonId == "globex-value");
    }

    [Fact]
    public async Task Nothing_matching_returns_no_results()
    {
        Assert.Empty(await Search().SearchAsync("zzqx unicorn", 5, TestContext.Current.CancellationToken));
        Assert.Empty(await Search().SearchAsync("  ", 5, TestContext.Current.CancellationToken));
    }
}
