using Microsoft.Extensions.Options;

namespace LearningBot.Content;

/// <summary>
/// When serve starts against a database with no content, imports the seed library so the first run shows real
/// lessons. Runs after migration, before the host reports ready; instances starting together seed once.
/// </summary>
internal sealed partial class SeedOnStart(
    IOptions<ContentOptions> options, ContentImporter importer, ILogger<SeedOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SeedOnStart)
            return;
        var directory = SeedDirectory.Find(settings.SeedDirectory, [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);
        if (directory is null)
        {
            LogNoSeeds(settings.SeedDirectory ?? $"a {SeedDirectory.FolderName}/ folder above the working or app directory");
            return;
        }
        ContentLibrary library;
        try
        {
            library = ContentLoader.Load(directory, settings.MaxMinutes);
        }
        catch (ContentDirectoryException e)
        {
            LogUnreadable(directory, e.Message);
            return;
        }
        if (library.Report.HasErrors)
        {
            LogLintErrors(directory, library.Report.ErrorCount, library.Report.Findings.First(f => f.Severity == Severity.Error).ToString());
            return;
        }
        var summary = await importer.ImportAsync(library, onlyIntoEmptyDatabase: true, cancellationToken);
        if (!summary.Skipped)
            LogSeeded(directory, summary.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No seed library found ({Where}); the database stays without lessons until you run 'learningbot import DIR'")]
    private partial void LogNoSeeds(string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The seed library {Directory} cannot be read: {Reason}")]
    private partial void LogUnreadable(string directory, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The seed library {Directory} has {Errors} lint errors and was not imported; the first: {First}")]
    private partial void LogLintErrors(string directory, int errors, string first);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the seed library {Directory} into the empty database. {Summary}")]
    private partial void LogSeeded(string directory, string summary);
}
