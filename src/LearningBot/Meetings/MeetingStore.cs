using Dapper;
using Npgsql;

namespace LearningBot.Meetings;

/// <summary>What one sync of a source changed: meetings new, changed, newly cancelled because they vanished, and untouched.</summary>
internal sealed record MeetingSyncSummary(int Added, int Changed, int Vanished, int Unchanged, int Matched)
{
    public bool HasChanges => Added + Changed + Vanished > 0;

    public override string ToString() =>
        $"{Added} new, {Changed} changed, {Vanished} cancelled (gone from the source), {Unchanged} unchanged; {Matched} partner matches.";
}

/// <summary>What writing a webhook batch did: nothing when <see cref="Replayed"/>; <see cref="Stale"/> lists the uids left out as older than stored.</summary>
internal sealed record MeetingBatchWrite(bool Replayed, int Changed, int Cancelled, long[] Sellers, IReadOnlyList<string> Stale)
{
    public static readonly MeetingBatchWrite Replay = new(true, 0, 0, [], []);
}

/// <summary>
/// Every statement on meetings and meeting_partners. A sync of one source is one transaction: upsert by (seller,
/// source, external uid), cancel what vanished from the window, and recompute the partner matches of what changed.
/// </summary>
internal sealed class MeetingStore(NpgsqlDataSource dataSource, OpportunityStore opportunities, WebhookItemVersions versions, TimeProvider time)
{
    public static readonly string[] Sources = ["ics", "webhook", "file"];

    public async Task<MeetingSyncSummary> SyncAsync(
        long sellerId, string source, DateTimeOffset from, DateTimeOffset until, IReadOnlyList<CalendarEntry> entries,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var summary = await SyncAsync(sellerId, source, from, until, entries, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    public async Task<MeetingSyncSummary> SyncAsync(
        long sellerId, string source, DateTimeOffset from, DateTimeOffset until, IReadOnlyList<CalendarEntry> entries,
        NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var connection = transaction.Connection!;
        var (added, changed, unchanged) = await UpsertAsync(sellerId, source, entries, now, transaction, cancellationToken);

        var vanished = (await connection.QueryAsync<long>(new CommandDefinition("""
            UPDATE meetings SET cancelled = true, updated_at = @Now
            WHERE seller_id = @SellerId AND source = @Source AND NOT cancelled
              AND starts_at < @Until AND ends_at > @From AND NOT (external_uid = ANY (@Keep))
            RETURNING id
            """, new { SellerId = sellerId, Source = source, From = from, Until = until, Keep = entries.Select(e => e.ExternalUid).ToArray(), Now = now },
            transaction, cancellationToken: cancellationToken))).ToList();

        var matched = await RematchAsync([.. changed], transaction, cancellationToken);
        return new MeetingSyncSummary(added, changed.Count - added, vanished.Count, unchanged, matched);
    }

    /// <summary>
    /// A webhook batch in one transaction: upserts by (source, uid) per seller (a uid now sent for another seller leaves the
    /// previous one), cancels the deleted uids, and rematches what changed. An item older than the version stored for its
    /// uid is left out and listed as stale; a replayed request writes nothing.
    /// </summary>
    public async Task<MeetingBatchWrite> UpsertBatchAsync(
        string source, IReadOnlyList<(long SellerId, IReadOnlyList<MeetingItem> Items)> batch, IReadOnlyList<DeletedItem> deleted,
        WebhookReplayCheck? replay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (replay is not null && !await replay.FirstTimeAsync(transaction, cancellationToken))
            return MeetingBatchWrite.Replay;
        var changed = new List<long>();
        var sellers = new HashSet<long>();
        var stale = new List<string>();
        var cancelled = 0;
        foreach (var (sellerId, items) in batch)
        {
            var entries = new List<CalendarEntry>();
            foreach (var item in items)
            {
                if (await versions.AdmitAsync(WebhookItemVersions.Meeting, source, item.Entry.ExternalUid, item.UpdatedAt, false, transaction, cancellationToken))
                    entries.Add(item.Entry);
                else
                    stale.Add(item.Entry.ExternalUid);
            }
            var (_, ids, _) = await UpsertAsync(sellerId, source, entries, now, transaction, cancellationToken);
            changed.AddRange(ids);
            if (ids.Count > 0)
                sellers.Add(sellerId);
            var left = await CancelAsync(source, [.. entries.Select(e => e.ExternalUid)], sellerId, now, transaction, cancellationToken);
            cancelled += left.Length;
            sellers.UnionWith(left);
        }
        var removing = await versions.AdmitDeletesAsync(WebhookItemVersions.Meeting, source, deleted, stale, transaction, cancellationToken);
        var removed = await CancelAsync(source, removing, null, now, transaction, cancellationToken);
        cancelled += removed.Length;
        sellers.UnionWith(removed);
        await RematchAsync([.. changed], transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MeetingBatchWrite(false, changed.Count, cancelled, [.. sellers.Order()], stale);
    }

    /// <summary>Upserts by (seller, source, external uid); a row whose content did not change is left alone.</summary>
    public async Task<(int Added, List<long> Changed, int Unchanged)> UpsertAsync(
        long sellerId, string source, IReadOnlyList<CalendarEntry> entries, DateTimeOffset now, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        int added = 0, unchanged = 0;
        var changed = new List<long>();
        foreach (var entry in entries)
        {
            var row = await connection.QuerySingleOrDefaultAsync<UpsertRow>(new CommandDefinition("""
                INSERT INTO meetings (seller_id, source, external_uid, title, description, starts_at, ends_at, all_day,
                                      attendee_emails, cancelled, created_at, updated_at)
                VALUES (@SellerId, @Source, @ExternalUid, @Title, @Description, @StartsAt, @EndsAt, @AllDay,
                        @AttendeeEmails, @Cancelled, @Now, @Now)
                ON CONFLICT (seller_id, source, external_uid) DO UPDATE
                SET title = EXCLUDED.title, description = EXCLUDED.description, starts_at = EXCLUDED.starts_at,
                    ends_at = EXCLUDED.ends_at, all_day = EXCLUDED.all_day, attendee_emails = EXCLUDED.attendee_emails,
                    cancelled = EXCLUDED.cancelled, updated_at = EXCLUDED.updated_at
                WHERE (meetings.title, meetings.description, meetings.starts_at, meetings.ends_at, meetings.all_day,
                       meetings.attendee_emails, meetings.cancelled)
                      IS DISTINCT FROM
                      (EXCLUDED.title, EXCLUDED.description, EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.all_day,
                       EXCLUDED.attendee_emails, EXCLUDED.cancelled)
                RETURNING id, xmax = 0 AS inserted
                """, new
                {
                    SellerId = sellerId, Source = source, entry.ExternalUid, entry.Title, entry.Description, entry.StartsAt, entry.EndsAt,
                    entry.AllDay, AttendeeEmails = entry.AttendeeEmails.ToArray(), entry.Cancelled, Now = now,
                }, transaction, cancellationToken: cancellationToken));
            if (row is null)
            {
                unchanged++;
                continue;
            }
            if (row.Inserted)
                added++;
            changed.Add(row.Id);
        }
        return (added, changed, unchanged);
    }

    /// <summary>
    /// Cancels the source's meetings with these uids, of any seller except <paramref name="keepSellerId"/> (a uid a
    /// webhook now sends for another seller leaves the previous one); returns the sellers whose meetings were cancelled.
    /// </summary>
    public async Task<long[]> CancelAsync(
        string source, IReadOnlyCollection<string> externalUids, long? keepSellerId, DateTimeOffset now, NpgsqlTransaction transaction,
        CancellationToken cancellationToken) =>
        externalUids.Count == 0
            ? []
            : [.. await transaction.Connection!.QueryAsync<long>(new CommandDefinition("""
                UPDATE meetings SET cancelled = true, updated_at = @Now
                WHERE source = @Source AND external_uid = ANY (@Uids) AND NOT cancelled
                  AND seller_id IS DISTINCT FROM @KeepSellerId
                RETURNING seller_id
                """, new { Source = source, Uids = externalUids.ToArray(), KeepSellerId = keepSellerId, Now = now },
                transaction, cancellationToken: cancellationToken))];

    /// <summary>Recomputes the matches of every meeting not over yet; returns the sellers whose partners or reasons changed.</summary>
    public async Task<(int Meetings, long[] SellersChanged)> RematchUpcomingAsync(
        DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var upcoming = await UpcomingIdsAsync(now, transaction, cancellationToken);
        var before = await MatchSnapshotAsync(upcoming, transaction, cancellationToken);
        await RematchAsync(upcoming, transaction, cancellationToken);
        var after = await MatchSnapshotAsync(upcoming, transaction, cancellationToken);
        var changed = before.Except(after).Union(after.Except(before)).Select(m => m.SellerId).Distinct().Order().ToArray();
        return (upcoming.Length, changed);
    }

    private static async Task<HashSet<(long SellerId, long MeetingId, string PartnerId, string Reason)>> MatchSnapshotAsync(
        long[] meetingIds, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<(long, long, string, string)>(new CommandDefinition("""
            SELECT m.seller_id, mp.meeting_id, mp.partner_id, mp.reason
            FROM meeting_partners mp JOIN meetings m ON m.id = mp.meeting_id
            WHERE mp.meeting_id = ANY (@MeetingIds)
            """, new { MeetingIds = meetingIds }, transaction, cancellationToken: cancellationToken))];

    /// <summary>Recomputes meeting_partners for the given meetings from the live partners and open opportunities; returns the matches written.</summary>
    public async Task<int> RematchAsync(long[] meetingIds, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (meetingIds.Length == 0)
            return 0;
        var connection = transaction.Connection!;
        // Delete-then-insert is only safe for one writer at a time: two webhooks rematching the same meetings would both
        // insert the same pairs. Locking the meetings first (in id order, so two writers cannot deadlock here) makes the
        // second wait and then replace what the first wrote.
        await connection.ExecuteAsync(new CommandDefinition("""
            SELECT id FROM meetings WHERE id = ANY (@MeetingIds) ORDER BY id FOR UPDATE
            """, new { MeetingIds = meetingIds }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM meeting_partners WHERE meeting_id = ANY (@MeetingIds)
            """, new { MeetingIds = meetingIds }, transaction, cancellationToken: cancellationToken));
        var meetings = await connection.QueryAsync<MatchInput>(new CommandDefinition("""
            SELECT m.id, m.title, m.description, m.attendee_emails, COALESCE(split_part(s.email, '@', 2), '') AS seller_domain
            FROM meetings m JOIN sellers s ON s.id = m.seller_id
            WHERE m.id = ANY (@MeetingIds) AND NOT m.all_day
            """, new { MeetingIds = meetingIds }, transaction, cancellationToken: cancellationToken));
        var partners = (await connection.QueryAsync<PartnerRow>(new CommandDefinition("""
            SELECT id, name, aliases, email_domains FROM partners WHERE archived_at IS NULL ORDER BY id
            """, transaction: transaction, cancellationToken: cancellationToken)))
            .Select(p => new MatchablePartner(p.Id, p.Name, p.Aliases, p.EmailDomains)).ToList();
        var open = await opportunities.OpenAsync(transaction, cancellationToken);

        var ids = new List<long>();
        var partnerIds = new List<string>();
        var reasons = new List<string>();
        foreach (var meeting in meetings)
        {
            foreach (var match in MeetingMatcher.Match(
                new MeetingFacts(meeting.Title, meeting.Description, meeting.AttendeeEmails, meeting.SellerDomain), partners, open))
            {
                ids.Add(meeting.Id);
                partnerIds.Add(match.PartnerId);
                reasons.Add(match.Reason);
            }
        }
        if (ids.Count == 0)
            return 0;
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO meeting_partners (meeting_id, partner_id, reason)
            SELECT * FROM unnest(@Ids, @PartnerIds, @Reasons)
            """, new { Ids = ids.ToArray(), PartnerIds = partnerIds.ToArray(), Reasons = reasons.ToArray() },
            transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Meetings not yet over: the ones whose matches change when partners or opportunities do.</summary>
    public async Task<long[]> UpcomingIdsAsync(DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM meetings WHERE ends_at > @Now
            """, new { Now = now }, transaction, cancellationToken: cancellationToken))];

    private sealed record UpsertRow(long Id, bool Inserted);

    // Property records, not positional: Dapper reports text[] columns as System.Array, which no constructor matches.
    private sealed record MatchInput
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string[] AttendeeEmails { get; init; } = [];
        public string SellerDomain { get; init; } = "";
    }

    private sealed record PartnerRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Aliases { get; init; } = [];
        public string[] EmailDomains { get; init; } = [];
    }
}
