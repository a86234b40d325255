using LearningBot.Delivery;
using LearningBot.Infrastructure.Database;
using LearningBot.Insights;
using LearningBot.Meetings;

namespace LearningBot.CommandLine;

/// <summary>What the sellers, meetings and opportunities import verbs share: a host with the database brought up to date.</summary>
internal static class DataImportHost
{
    public sealed class Session(IHost host, IAsyncDisposable database) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            host.Dispose();
            await database.DisposeAsync();
        }
    }

    public static async Task<Session> StartAsync(string[] settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        using var startupLogging = StartupLogging.Create(builder.Configuration);
        var database = await DatabaseProvisioner.ProvisionAsync(
            builder.Configuration, startupLogging.CreateLogger("LearningBot.Database"), cancellationToken);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDatabase(builder.Configuration);
        builder.Services.AddMeetingImporters();
        builder.Services.AddReplanning();
        builder.Services.AddInsights();
        var session = new Session(builder.Build(), database);
        try
        {
            await session.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    /// <summary>Reads the file or says why not; null when it cannot be read.</summary>
    public static async Task<string?> ReadAsync(string path, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: error: cannot be read ({e.Message})");
            return null;
        }
    }
}
