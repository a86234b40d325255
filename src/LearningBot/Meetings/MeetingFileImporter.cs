using LearningBot.Sellers;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>The seller is not known, or the file cannot be read; nothing was written.</summary>
internal sealed class MeetingImportException(string message) : Exception(message);

/// <summary>
/// learningbot meetings import FILE.ics --seller EMAIL: reads the file's entries in the window and syncs them as the
/// seller's "file" meetings in one transaction (what vanished from the window is cancelled), then re-plans the seller.
/// learningbot meetings import FILE.json: a POST /api/meetings body from a file, written as "file" meetings by the
/// webhook's rules (upsert by uid, "deleted" cancels), all or nothing.
/// </summary>
internal sealed class MeetingFileImporter(
    NpgsqlDataSource dataSource, SellerStore sellers, MeetingStore meetings, MeetingChangeNotifier changes, MeetingBatchWriter batches)
{
    public const string Source = "file";

    /// <exception cref="MeetingImportException">Unknown seller or unreadable calendar.</exception>
    public async Task<(long SellerId, MeetingSyncSummary Summary)> ImportAsync(
        string path, string text, string sellerEmail, DateTimeOffset from, TimeSpan window, CancellationToken cancellationToken)
    {
        StoredSeller seller;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            seller = await sellers.FindByEmailAsync(connection, sellerEmail, cancellationToken)
                ?? throw new MeetingImportException($"no seller with the email {sellerEmail.Trim().ToLowerInvariant()}; import the roster first (learningbot sellers import FILE)");
        }
        var zone = SellerTimeZone.Find(seller.TimeZone);
        IReadOnlyList<CalendarEntry> entries;
        try
        {
            entries = IcsCalendarReader.Read(text, seller.Email ?? sellerEmail, from, window, zone);
        }
        catch (CalendarFormatException e)
        {
            throw new MeetingImportException($"{path}: {e.Message}");
        }
        var summary = await meetings.SyncAsync(seller.Id, Source, from, from + window, entries, cancellationToken);
        if (summary.HasChanges)
            await changes.SellersChangedAsync([seller.Id], cancellationToken);
        return (seller.Id, summary);
    }

    /// <summary>Errors come back as <c>file:line: error: …</c>, and then nothing was written.</summary>
    public async Task<MeetingBatchResult> ImportJsonAsync(string path, string text, string? sellerEmail, CancellationToken cancellationToken)
    {
        var (batch, errors) = MeetingJsonFile.Read(path, text, sellerEmail);
        if (errors.Count > 0)
            return new MeetingBatchResult(errors, batch.Meetings.Count, 0, 0);
        var result = await batches.WriteAsync(Source, batch, cancellationToken);
        return result.Errors.Count > 0 ? result with { Errors = MeetingJsonFile.Locate(path, text, result.Errors) } : result;
    }
}
