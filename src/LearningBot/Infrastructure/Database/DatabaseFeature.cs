using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LearningBot.Infrastructure.Database;

internal static class DatabaseFeature
{
    public const string ConnectionStringName = "LearningBot";
    public const string Setting = "ConnectionStrings:LearningBot";

    /// <summary>The key of the inbox's own <see cref="NpgsqlDataSource"/> (see <see cref="DataSources.CreateInbox"/>).</summary>
    public const string InboxPool = "inbox";

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigureDapper();
        var connectionString = ConnectionStrings.Require(configuration);
        services.AddSingleton(provider => DataSources.CreateShared(connectionString, provider.GetRequiredService<ILoggerFactory>()));
        services.AddKeyedSingleton(InboxPool, (provider, _) => DataSources.CreateInbox(connectionString, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<Migrator>();
        return services;
    }

    /// <summary>Process-wide Dapper settings: snake_case columns map to PascalCase members; DateTimeOffset is read as UTC; DateOnly maps to date; a delivery status is its stored text.</summary>
    public static void ConfigureDapper()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Dapper maps DateTimeOffset natively and would bypass the handler for parameters unless the map entry goes.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new Delivery.DeliveryStatusHandler());
    }
}
