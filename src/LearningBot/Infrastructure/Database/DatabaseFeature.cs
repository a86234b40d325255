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

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigureDapper();
        var connectionString = ConnectionStrings.Require(configuration);
        services.AddSingleton(provider =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // The same statements run for every request (a /learn search is four of them); preparing the busy ones
            // once per connection saves their planning each time. A connection string that sets it wins.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            return builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>()).Build();
        });
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
