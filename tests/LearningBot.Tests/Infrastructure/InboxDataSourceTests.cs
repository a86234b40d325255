using Dapper;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxDataSourceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Inbox_connections_plan_once_and_keep_that_after_going_back_to_the_pool()
    {
        await using var inbox = InboxDatabase.Open(database);

        var modes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await inbox.OpenConnectionAsync(TestContext.Current.CancellationToken);
            modes.Add(await connection.ExecuteScalarAsync<string>("SHOW plan_cache_mode") ?? "");
        }

        Assert.Equal(["force_generic_plan", "force_generic_plan"], modes);
    }
}
