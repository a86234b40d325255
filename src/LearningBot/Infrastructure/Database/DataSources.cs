using Microsoft.Extensions.Logging;
using Npgsql;

namespace LearningBot.Infrastructure.Database;

/// <summary>The process's two connection pools, both on ConnectionStrings:LearningBot read once by <see cref="DatabaseFeature"/>.</summary>
internal static class DataSources
{
    private const string GenericPlans = "SET plan_cache_mode = force_generic_plan";

    /// <summary>The pool every feature shares.</summary>
    public static NpgsqlDataSource CreateShared(string connectionString, ILoggerFactory loggers)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The same statements run for every request (a /learn search is four of them); preparing the busy ones
        // once per connection saves their planning each time. A connection string that sets it wins.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        return builder.UseLoggerFactory(loggers).Build();
    }

    /// <summary>
    /// The inbox's own pool (keyed <see cref="DatabaseFeature.InboxPool"/>): the same few statements run thousands of times a
    /// second under load, so they are prepared automatically and planned once per connection.
    /// </summary>
    public static NpgsqlDataSource CreateInbox(string connectionString, ILoggerFactory loggers)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        // Only the inbox's statements run here and none changes session state, so a pooled connection needs no reset
        // (which also keeps the setting below for the connection's life).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // The batch insert's plan does not depend on how many rows a batch has: plan it once, not at every commit.
        builder.UsePhysicalConnectionInitializer(
            connection =>
            {
                using var command = new NpgsqlCommand(GenericPlans, connection);
                command.ExecuteNonQuery();
            },
            async connection =>
            {
                await using var command = new NpgsqlCommand(GenericPlans, connection);
                await command.ExecuteNonQueryAsync();
            });
        return builder.UseLoggerFactory(loggers).Build();
    }
}
