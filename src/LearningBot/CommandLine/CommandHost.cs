using LearningBot.Infrastructure.Database;

namespace LearningBot.CommandLine;

/// <summary>
/// The host the database verbs (migrate, import, sellers, meetings, opportunities) work in: the same registrations as serve,
/// the same start-up validators, the database brought up to date, and no hosted service started.
/// </summary>
internal sealed class CommandHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IAsyncDisposable _database;

    private CommandHost(IHost host, IAsyncDisposable database, MigrationReport migration)
    {
        _host = host;
        _database = database;
        Migration = migration;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>What bringing the schema up to date did.</summary>
    public MigrationReport Migration { get; }

    public static async Task<CommandHost> StartAsync(string[] settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        using var startupLogging = StartupLogging.Create(builder.Configuration);
        var database = await DatabaseProvisioner.ProvisionAsync(
            builder.Configuration, startupLogging.CreateLogger("LearningBot.Database"), cancellationToken);
        IHost? host = null;
        try
        {
            builder.Services.AddCapabilities(builder.Configuration);
            host = builder.Build();
            var migration = await BotApplication.ValidateAndMigrateAsync(host.Services, cancellationToken);
            return new CommandHost(host, database, migration);
        }
        catch
        {
            host?.Dispose();
            await database.DisposeAsync();
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncHost)
            await asyncHost.DisposeAsync();
        else
            _host.Dispose();
        await _database.DisposeAsync();
    }
}
