using LearningBot.Search;
using LearningBot.Content;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Delivery;

/// <summary>A fresh database with the seed library imported (no sellers, no demo data): what dispatch scenarios start from.</summary>
internal static class SeedLibraryDatabase
{
    public static async Task<(string ConnectionString, NpgsqlDataSource DataSource)> CreateAsync(PostgresServer server)
    {
        var seeds = SeedDirectory.Find(null, [AppContext.BaseDirectory])
            ?? throw new InvalidOperationException("The repository's seeds/ folder was not found above the test output.");
        var connectionString = await server.CreateDatabaseAsync();
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new ContentImporter(dataSource, new PartnerStore(), new LessonStore(), new SearchChanges(), TimeProvider.System)
            .ImportAsync(ContentLoader.Load(seeds, 7m), onlyIntoEmptyDatabase: false, TestContext.Current.CancellationToken);
        return (connectionString, dataSource);
    }
}
