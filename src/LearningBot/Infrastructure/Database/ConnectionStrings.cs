using LearningBot.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LearningBot.Infrastructure.Database;

/// <summary>Reads and checks ConnectionStrings:LearningBot; describes it without ever showing the password.</summary>
internal static class ConnectionStrings
{
    public static string? Find(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(DatabaseFeature.ConnectionStringName);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public static string Require(IConfiguration configuration)
    {
        var value = Find(configuration)
            ?? throw new StartupException($"{DatabaseFeature.Setting} is not set.");
        Parse(value);
        return value;
    }

    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
                throw new StartupException($"{DatabaseFeature.Setting} names no Host.");
            return builder;
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"{DatabaseFeature.Setting} is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    /// <summary>"database learningbot on db.example.com:5432 as bot": enough to find the problem, no secret.</summary>
    public static string Describe(string value)
    {
        var builder = Parse(value);
        return $"database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port} as '{builder.Username}'";
    }
}
