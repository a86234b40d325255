using LearningBot.Infrastructure.Inbox;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningBot.Tests.Infrastructure;

/// <summary>The inbox's own pool on a test database, configured the way the bot configures it.</summary>
internal static class InboxDatabase
{
    public static InboxDataSource Open(TestDatabase database) => new(
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:LearningBot"] = database.ConnectionString })
            .Build(),
        NullLoggerFactory.Instance);
}
