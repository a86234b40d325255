using Dapper;
using LearningBot.Content;
using LearningBot.Sellers;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>
/// Runs after <see cref="SeedOnStart"/>: when seeding is on and there are no sellers yet, imports the seed roster,
/// opportunities and each seller's calendars/&lt;email local part&gt;.ics, so the first run has matched meetings.
/// Every write is an upsert, so instances starting together do no harm.
/// </summary>
internal sealed partial class DemoDataOnStart(
    IOptions<ContentOptions> options, NpgsqlDataSource dataSource, RosterImporter roster, OpportunityImporter opportunities,
    MeetingFileImporter meetings, TimeProvider time, ILogger<DemoDataOnStart> logger) : IHostedService
{
    /// <summary>The seed calendars cover two weeks from a fixed Monday; a wider window than the planner's keeps them in view.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(28);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SeedOnStart)
            return;
        var directory = SeedDirectory.Find(settings.SeedDirectory, [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);
        var rosterPath = directory is null ? null : Path.Combine(directory, "roster.csv");
        if (rosterPath is null || !File.Exists(rosterPath))
            return;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sellers)"))
                return;
        }

        var (sellers, errors) = RosterFile.Read(rosterPath, await File.ReadAllTextAsync(rosterPath, cancellationToken));
        if (errors.Count > 0)
        {
            LogBadSeed(rosterPath, errors[0]);
            return;
        }
        await roster.ImportAsync(sellers, cancellationToken);

        var opportunitiesPath = Path.Combine(directory!, "opportunities.csv");
        if (File.Exists(opportunitiesPath))
        {
            var result = await opportunities.ImportAsync(opportunitiesPath, await File.ReadAllTextAsync(opportunitiesPath, cancellationToken), cancellationToken);
            if (result.Errors.Count > 0)
                LogBadSeed(opportunitiesPath, result.Errors[0]);
        }

        var from = time.GetUtcNow();
        var imported = 0;
        foreach (var seller in sellers)
        {
            var calendar = Path.Combine(directory!, "calendars", seller.Email.Split('@')[0] + ".ics");
            if (!File.Exists(calendar))
                continue;
            try
            {
                await meetings.ImportAsync(calendar, await File.ReadAllTextAsync(calendar, cancellationToken), seller.Email, from, Window, cancellationToken);
                imported++;
            }
            catch (MeetingImportException e)
            {
                LogBadSeed(calendar, e.Message);
            }
        }
        LogSeeded(directory!, sellers.Count, imported);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo data {Path} was not imported: {Reason}")]
    private partial void LogBadSeed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the demo sellers, opportunities and calendars from {Directory}: {Sellers} sellers, {Calendars} calendars")]
    private partial void LogSeeded(string directory, int sellers, int calendars);
}
