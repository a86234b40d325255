using Dapper;
using LearningBot.CommandLine;
using LearningBot.Insights;
using LearningBot.Sellers;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Insights;

/// <summary>The roster's manager_email, and a manager's team as everyone reporting to them directly or not.</summary>
public sealed class TeamsTests(PostgresServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Manager_email_is_read_from_csv_and_json_lower_cased_and_checked()
    {
        var (csv, csvErrors) = RosterFile.Read("roster.csv", "email,manager_email\nana@example.com,Mia@Example.com\nbo@example.com,\n");
        var (json, jsonErrors) = RosterFile.Read("roster.json", """[{ "email": "ana@example.com", "manager_email": "mia@example.com" }]""");
        var (_, bad) = RosterFile.Read("roster.csv", "email,manager_email\nana@example.com,mia\nbo@example.com,bo@example.com\n");

        Assert.Empty(csvErrors);
        Assert.Empty(jsonErrors);
        Assert.Equal(["mia@example.com", null], csv.Select(s => s.ManagerEmail));
        Assert.Equal("mia@example.com", Assert.Single(json).ManagerEmail);
        Assert.Equal(["roster.csv:2: error: manager_email \"mia\" is not an email address", "roster.csv:3: error: bo@example.com cannot be their own manager"], bad);
    }

    [Fact]
    public async Task A_team_is_everyone_below_the_manager_and_a_cycle_in_the_roster_does_not_loop()
    {
        var database = await server.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("insights-roster-").FullName;
        try
        {
            var roster = Path.Combine(directory, "roster.csv");
            // top ← mia ← ana ← cy and bo ← mia; xi and yu report to each other, a loop.
            await File.WriteAllTextAsync(roster, """
                email,manager_email
                xi@example.com,yu@example.com
                yu@example.com,xi@example.com
                mia@example.com,top@example.com
                ana@example.com,mia@example.com
                bo@example.com,mia@example.com
                cy@example.com,ana@example.com
                """, Cancel);
            var exit = await SellersCommand.RunAsync(roster, [$"--ConnectionStrings:LearningBot={database}", "--Logging:LogLevel:Default=Warning"],
                new StringWriter(), new StringWriter(), Cancel);
            Assert.Equal(0, exit);

            await using var connection = new NpgsqlConnection(database);
            async Task<string[]> Team(string manager) => [.. await connection.QueryAsync<string>("""
                SELECT s.email FROM sellers s WHERE s.id IN (SELECT seller_id FROM seller_managers WHERE manager_email = @manager) ORDER BY s.email
                """, new { manager })];
            Assert.Equal(["ana@example.com", "bo@example.com", "cy@example.com"], await Team("mia@example.com"));
            Assert.Equal(["cy@example.com"], await Team("ana@example.com"));
            Assert.Equal(["ana@example.com", "bo@example.com", "cy@example.com", "mia@example.com"], await Team("top@example.com"));
            Assert.Empty(await Team("bo@example.com"));
            Assert.Equal(["yu@example.com"], await Team("xi@example.com"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Cells_with_fewer_answering_sellers_than_the_minimum_fold_into_others_per_team()
    {
        TeamReadiness Cell(string team, string partner, long sellers, long answers, long right) =>
            new() { Team = team, PartnerId = partner, AnsweringSellers = sellers, Answers = answers, RightAnswers = right, Sent = sellers, Completed = sellers };

        var folded = TeamReadiness.Fold([Cell("mia", "northwind", 4, 8, 6), Cell("mia", "tessera", 1, 2, 0), Cell("mia", "acme", 2, 4, 4), Cell("ana", "northwind", 1, 2, 2)], 3);

        Assert.Equal([("ana", "others", 2L, 1.0), ("mia", "northwind", 8L, 0.75), ("mia", "others", 6L, 4.0 / 6)],
            folded.Select(c => (c.Team, c.PartnerId, c.Answers, c.Accuracy!.Value)));
    }
}
