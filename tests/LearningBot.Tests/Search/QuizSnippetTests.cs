using Dapper;
using LearningBot.Search;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Search;

public sealed class QuizSnippetTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM lessons") > 0)
            return;
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, aliases, content_hash) VALUES ('northwind', 'Northwind Data', '{NWD}', 'h');
            INSERT INTO lessons (id, partner_id, objective_kind, current_version) VALUES ('northwind-roles', 'northwind', 'joint-value', 1);
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes, media)
            VALUES ('northwind-roles', 1, 'h', 'x.md', 'Who signs a Northwind deal', 'Name the buyers', 'Ask early.', 4, '[]'::jsonb);
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct, explanation) VALUES
              ('northwind-roles', 1, 1, 'match', 'Match each step to who owns it',
               '{"pairs": [{"left": "Procurement carousel", "right": "The CFO signs off"}, {"left": "Security review", "right": "The CISO"}], "distractors": ["The intern"]}'::jsonb,
               '[{"left": "Procurement carousel", "right": "The CFO signs off"}]'::jsonb, NULL),
              ('northwind-roles', 1, 2, 'choice', 'Who starts the budget cycle?', '["Finance", "Marketing"]'::jsonb, '"Finance"'::jsonb,
               'Finance opens the window each quarter.');
            """);
        await SearchIndex.RefreshAsync(connection, ["northwind-roles"]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_search_hitting_a_match_pair_shows_the_pair_as_words_not_json()
    {
        var hits = await new LessonSearch(database.DataSource).SearchAsync("procurement carousel", 5, Cancel);

        var hit = Assert.Single(hits);
        Assert.Equal("quiz", hit.MatchedIn);
        Assert.Contains("*Procurement* *carousel* → The CFO signs off", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("left", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Snippet.IndexOfAny(['{', '}', '[', ']', '"']) < 0, hit.Snippet);
    }

    [Fact]
    public async Task Quiz_text_holds_prompts_options_pairs_distractors_and_explanations()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);

        var text = await connection.ExecuteScalarAsync<string>("SELECT quiz_text FROM lesson_search WHERE lesson_id = 'northwind-roles'");

        Assert.Equal(
            "Match each step to who owns it Procurement carousel → The CFO signs off; Security review → The CISO; The intern\n" +
            "Who starts the budget cycle? Finance; Marketing Finance opens the window each quarter.",
            text);
    }
}
