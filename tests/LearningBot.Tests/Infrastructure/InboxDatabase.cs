using LearningBot.Infrastructure.Database;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LearningBot.Tests.Infrastructure;

/// <summary>The inbox's own pool on a test database, configured the way the bot configures it.</summary>
internal static class InboxDatabase
{
    public static NpgsqlDataSource Open(TestDatabase database) => DataSources.CreateInbox(database.ConnectionString, NullLoggerFactory.Instance);
}
