using Dapper;
using LearningBot.Learn;
using LearningBot.Search;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Search;

/// <summary>What a search result says about why it matched: readable text from the field that explains it best.</summary>
public sealed class SearchSnippetTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons") > 0)
            return;
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, content_hash) VALUES ('tessera', 'Tessera Payments', '{Tessera}', 'h');
            INSERT INTO lessons (id, partner_id, objective_kind, current_version) VALUES
              ('tessera-qualify', 'tessera', 'qualify-cosell', 1), ('tessera-value', 'tessera', 'joint-value', 1);
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes, media) VALUES
              ('tessera-qualify', 1, 'h', 'a.md', 'Qualify a Tessera co-sell', 'Ask the three entry questions before a Tessera renewal',
               E'## Why it matters\n\nThe **latency dashboard** shows [settlement times](https://example.com/settle) per region.\n\n- Ask who reads it', 4, '[]'::jsonb),
              ('tessera-value', 1, 'h', 'b.md', 'Name the joint value of Tessera and us', 'Name the two joint benefits', 'Fewer chargebacks.', 4, '[]'::jsonb);
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct) VALUES
              ('tessera-qualify', 1, 1, 'choice', 'Which team owns the payout ledger?', '["Finance", "Marketing", "Legal"]'::jsonb, '"Finance"'::jsonb),
              ('tessera-value', 1, 1, 'choice', 'Which benefit is joint?', '["Speed", "Colour"]'::jsonb, '"Speed"'::jsonb);
            """);
        await SearchIndex.RefreshAsync(connection, ["tessera-qualify", "tessera-value"]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private LessonSearch Search() => new(database.DataSource);

    [Fact]
    public async Task Searching_a_partner_name_explains_each_lesson_by_its_own_text_not_the_partner_field()
    {
        var hits = await Search().SearchAsync("tessera", 5, Cancel);

        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.NotEqual("partner", h.MatchedIn));
        Assert.All(hits, h => Assert.DoesNotContain("Payments", h.Snippet, StringComparison.Ordinal));
        Assert.Equal(2, hits.Select(h => h.Snippet).Distinct().Count());
        Assert.Contains(hits, h => h.Snippet.Contains("three entry questions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_snippet_from_the_lesson_body_is_readable_text_without_markdown()
    {
        var hits = await Search().SearchAsync("latency dashboard", 5, Cancel);

        var hit = Assert.Single(hits);
        Assert.Equal("lesson", hit.MatchedIn);
        Assert.Contains("*latency* *dashboard* shows settlement times per region", hit.Snippet, StringComparison.Ordinal);
        foreach (var markdown in new[] { "##", "**", "](", "https://", "- Ask" })
            Assert.DoesNotContain(markdown, hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quiz_snippet_shows_the_question_as_a_question_and_its_options_apart()
    {
        var hits = await Search().SearchAsync("payout ledger", 5, Cancel);

        var hit = Assert.Single(hits);
        Assert.Equal("quiz", hit.MatchedIn);
        Assert.Equal("“Which team owns the *payout* *ledger*?” Finance · Marketing · Legal", hit.Snippet);
    }

    [Fact]
    public async Task A_corrected_spelling_is_shown_above_the_results()
    {
        var hits = await Search().SearchAsync("latency dashbord", 5, Cancel);

        Assert.Equal("tessera-qualify", Assert.Single(hits).LessonId);
        Assert.Equal("latency dashboard", hits.CorrectedQuery);
        Assert.Contains("Showing results for *latency dashboard*", SearchResultsCard.Reply("latency dashbord", hits).ToJson().ToJsonString(),
            StringComparison.Ordinal);
        Assert.Null((await Search().SearchAsync("latency dashboard", 5, Cancel)).CorrectedQuery);
    }
}
