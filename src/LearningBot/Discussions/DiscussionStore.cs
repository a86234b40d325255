using Dapper;
using LearningBot.Search;
using Npgsql;

namespace LearningBot.Discussions;

/// <summary>What the channel post shows about a lesson, and where its partner discusses lessons.</summary>
internal sealed record LessonToDiscuss(string LessonId, string Title, string Objective, string BodyMarkdown, string? PartnerName, string? Channel);

/// <summary>The one thread of a lesson in a channel.</summary>
internal sealed record DiscussionThread(long Id, string LessonId, string ChannelId, string ThreadTs, string? Permalink);

/// <summary>How many replies a lesson's busiest thread has, and where.</summary>
internal sealed record ThreadSize(string LessonId, string ChannelId, int Replies);

/// <summary>
/// Every statement on <c>discussions</c> and <c>discussion_replies</c>. A change to a lesson's replies refreshes its
/// search row in the same transaction, so search never disagrees with what is stored.
/// </summary>
internal sealed class DiscussionStore(NpgsqlDataSource dataSource, SearchChanges searchChanges)
{
    public async Task<LessonToDiscuss?> LessonAsync(string lessonId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LessonToDiscuss>(new CommandDefinition("""
            SELECT l.id AS lesson_id, v.title, v.objective, v.body_markdown, p.name AS partner_name, p.channel
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            LEFT JOIN partners p ON p.id = l.partner_id AND p.archived_at IS NULL
            WHERE l.id = @lessonId
            """, new { lessonId }, cancellationToken: cancellationToken));
    }

    /// <summary>Serialises starting a lesson's thread in a channel across instances until the transaction ends.</summary>
    public static Task LockThreadAsync(NpgsqlTransaction transaction, string lessonId, string channelId, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('discussion:' || @lessonId || ':' || @channelId, 0))",
            new { lessonId, channelId }, transaction, cancellationToken: cancellationToken));

    public static Task<DiscussionThread?> FindThreadAsync(NpgsqlTransaction transaction, string lessonId, string channelId, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<DiscussionThread>(new CommandDefinition("""
            SELECT id, lesson_id, channel_id, thread_ts, permalink FROM discussions WHERE lesson_id = @lessonId AND channel_id = @channelId
            """, new { lessonId, channelId }, transaction, cancellationToken: cancellationToken));

    public static async Task<DiscussionThread> InsertThreadAsync(NpgsqlTransaction transaction, string lessonId, string channelId, string threadTs,
        string? permalink, long? startedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = await transaction.Connection!.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO discussions (lesson_id, channel_id, thread_ts, permalink, started_by_seller_id, created_at)
            VALUES (@lessonId, @channelId, @threadTs, @permalink, @startedBy, @now)
            RETURNING id
            """, new { lessonId, channelId, threadTs, permalink, startedBy, now }, transaction, cancellationToken: cancellationToken));
        return new DiscussionThread(id, lessonId, channelId, threadTs, permalink);
    }

    public async Task SetPermalinkAsync(long discussionId, string permalink, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE discussions SET permalink = @permalink WHERE id = @discussionId", new { discussionId, permalink }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A reply or an edit of one, in a thread we started; anything else changes nothing. A repeated reply is ignored, an
    /// edit replaces the text (even when it arrives before the reply itself), and a deleted reply stays deleted.
    /// </summary>
    public Task<bool> SaveReplyAsync(string channelId, string threadTs, string messageTs, string author, string text,
        DateTimeOffset postedAt, DateTimeOffset? editedAt, CancellationToken cancellationToken) =>
        ChangeAsync("""
            INSERT INTO discussion_replies AS r (discussion_id, message_ts, author_user_id, text, posted_at, edited_at)
            SELECT d.id, @messageTs, @author, @text, @postedAt, @editedAt
            FROM discussions d WHERE d.channel_id = @channelId AND d.thread_ts = @threadTs
            ON CONFLICT (discussion_id, message_ts) DO UPDATE SET text = excluded.text, edited_at = excluded.edited_at
                WHERE r.deleted_at IS NULL AND excluded.edited_at IS NOT NULL
                  AND (r.edited_at IS NULL OR r.edited_at <= excluded.edited_at)
            RETURNING (SELECT lesson_id FROM discussions WHERE id = r.discussion_id)
            """, new { channelId, threadTs, messageTs, author, text, postedAt, editedAt }, cancellationToken);

    /// <summary>A take-away the bot posted into the thread on a seller's behalf: stored under the seller's name.</summary>
    public Task<bool> SaveTakeawayAsync(DiscussionThread thread, string messageTs, string author, string text, DateTimeOffset postedAt,
        CancellationToken cancellationToken) =>
        SaveReplyAsync(thread.ChannelId, thread.ThreadTs, messageTs, author, text, postedAt, null, cancellationToken);

    /// <summary>
    /// A deleted message: a stored reply is marked deleted. When the thread is known a marker is kept even if the reply
    /// has not arrived yet, so a late delivery of it cannot bring it back.
    /// </summary>
    public Task<bool> DeleteReplyAsync(string channelId, string? threadTs, string messageTs, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        threadTs is null
            ? ChangeAsync("""
                UPDATE discussion_replies r SET deleted_at = @deletedAt
                FROM discussions d
                WHERE d.id = r.discussion_id AND d.channel_id = @channelId AND r.message_ts = @messageTs AND r.deleted_at IS NULL
                RETURNING d.lesson_id
                """, new { channelId, messageTs, deletedAt }, cancellationToken)
            : ChangeAsync("""
                INSERT INTO discussion_replies AS r (discussion_id, message_ts, author_user_id, text, posted_at, deleted_at)
                SELECT d.id, @messageTs, '', '', @deletedAt, @deletedAt
                FROM discussions d WHERE d.channel_id = @channelId AND d.thread_ts = @threadTs
                ON CONFLICT (discussion_id, message_ts) DO UPDATE SET deleted_at = excluded.deleted_at WHERE r.deleted_at IS NULL
                RETURNING (SELECT lesson_id FROM discussions WHERE id = r.discussion_id)
                """, new { channelId, threadTs, messageTs, deletedAt }, cancellationToken);

    /// <summary>
    /// What counts as a reply, everywhere a number of replies is shown: a message a person wrote in the thread (a
    /// take-away counts as its seller's) that is not deleted. The bot's lesson post that opens the thread carries the
    /// thread's question, so it is no reply, and Slack's own "N replies" under it counts the same messages.
    /// </summary>
    public const string CountedReply = "r.deleted_at IS NULL";

    /// <summary>
    /// Each lesson's busiest thread (most replies, then the oldest), or its thread in <paramref name="channelId"/>: the
    /// one count of replies behind cards, the Discuss answer and search results.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ThreadSize>> SizesAsync(IReadOnlyCollection<string> lessonIds, CancellationToken cancellationToken,
        string? channelId = null)
    {
        if (lessonIds.Count == 0)
            return new Dictionary<string, ThreadSize>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sizes = await connection.QueryAsync<ThreadSize>(new CommandDefinition($"""
            SELECT DISTINCT ON (d.lesson_id) d.lesson_id, d.channel_id, count(r.id)::int AS replies
            FROM discussions d
            LEFT JOIN discussion_replies r ON r.discussion_id = d.id AND {CountedReply}
            WHERE d.lesson_id = ANY(@lessonIds) AND (@channelId::text IS NULL OR d.channel_id = @channelId)
            GROUP BY d.id
            ORDER BY d.lesson_id, count(r.id) DESC, d.created_at
            """, new { lessonIds = lessonIds.ToArray(), channelId }, cancellationToken: cancellationToken));
        return sizes.ToDictionary(s => s.LessonId);
    }

    private async Task<bool> ChangeAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lessonIds = (await connection.QueryAsync<string>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).ToList();
        if (lessonIds.Count > 0)
            await SearchIndex.RefreshAsync(connection, lessonIds.Distinct().ToList(), transaction);
        await transaction.CommitAsync(cancellationToken);
        if (lessonIds.Count > 0)
            searchChanges.Changed();
        return lessonIds.Count > 0;
    }
}
