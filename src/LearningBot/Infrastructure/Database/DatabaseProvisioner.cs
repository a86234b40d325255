using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LearningBot.Infrastructure.Database;

/// <summary>
/// Makes sure ConnectionStrings:LearningBot points somewhere: the configured server, or — the development
/// default — a private local cluster under LocalPostgres:DataDirectory (default .data/postgres).
/// </summary>
internal static class DatabaseProvisioner
{
    public const string DataDirectorySetting = "LocalPostgres:DataDirectory";
    public const string DefaultDataDirectory = ".data/postgres";
    private const string DefaultDatabase = "learningbot";

    public static async Task<IAsyncDisposable> ProvisionAsync(
        IConfigurationManager configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = ConnectionStrings.Find(configuration);
        if (configured is not null)
        {
            ConnectionStrings.Parse(configured);
            return NothingToStop.Instance;
        }

        var dataDirectory = configuration[DataDirectorySetting] ?? DefaultDataDirectory;
        logger.LogWarning(
            "DEVELOPMENT DEFAULT: {Setting} is not set, so LearningBot runs its own PostgreSQL from {DataDirectory}. "
            + "Set ConnectionStrings__LearningBot for anything but local use.",
            DatabaseFeature.Setting, Path.GetFullPath(dataDirectory));
        var cluster = await LocalPostgres.StartAsync(dataDirectory, logger, cancellationToken);
        try
        {
            await cluster.EnsureDatabaseAsync(DefaultDatabase, cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        configuration[DatabaseFeature.Setting] = cluster.AppConnectionString(DefaultDatabase);
        return cluster;
    }

    private sealed class NothingToStop : IAsyncDisposable
    {
        public static readonly NothingToStop Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
