using LearningBot.Search;
using LearningBot.Slack.WebApi;
using Npgsql;

namespace LearningBot.Discussions;

/// <summary>What asking for a lesson's thread came to; every outcome but a thread is something to tell the seller.</summary>
internal abstract record ThreadOutcome
{
    public sealed record Ready(DiscussionThread Thread, bool Started) : ThreadOutcome;

    public sealed record NoPartnerChannel : ThreadOutcome;

    public sealed record ChannelNotFound(string Setting) : ThreadOutcome;

    public sealed record CannotPost(string ChannelId, string Error) : ThreadOutcome;
}

/// <summary>
/// One thread per lesson and channel: finds it, or posts the lesson with the thread's question to the partner's channel. Starting is serialised per lesson and channel across instances, and a post that reached Slack before a
/// crash lost its row is found again by its metadata instead of being posted twice.
/// </summary>
internal sealed class DiscussionThreads(
    NpgsqlDataSource dataSource, DiscussionStore store, PartnerChannels channels, ISlackApi slack, SearchChanges searchChanges, TimeProvider time,
    ILogger<DiscussionThreads> logger)
{
    public async Task<ThreadOutcome> EnsureAsync(string lessonId, string startedBy, long? sellerId, CancellationToken cancellationToken)
    {
        var lesson = await store.LessonAsync(lessonId, cancellationToken);
        if (lesson?.Channel is not { } setting)
            return new ThreadOutcome.NoPartnerChannel();
        SlackConversation? channel;
        try
        {
            channel = await channels.FindAsync(setting, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            logger.LogWarning("Cannot look up the channel {Channel} of {Lesson}: {Error}", setting, lessonId, e.Error);
            channel = null;
        }
        if (channel is null)
            return new ThreadOutcome.ChannelNotFound(setting);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DiscussionStore.LockThreadAsync(transaction, lessonId, channel.Id, cancellationToken);
        if (await DiscussionStore.FindThreadAsync(transaction, lessonId, channel.Id, cancellationToken) is { } existing)
            return new ThreadOutcome.Ready(await WithPermalinkAsync(existing, cancellationToken), Started: false);

        string threadTs;
        try
        {
            threadTs = await channels.FindOurPostAsync(channel.Id, DiscussionMessages.MetadataEventType, "lesson_id", lessonId, cancellationToken)
                ?? await PostAsync(channel, lesson, startedBy, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            logger.LogWarning("Cannot start a discussion of {Lesson} in {Channel}: {Error}", lessonId, channel.Id, e.Error);
            return new ThreadOutcome.CannotPost(channel.Id, e.Error);
        }
        var permalink = await PermalinkAsync(channel.Id, threadTs, cancellationToken);
        var thread = await DiscussionStore.InsertThreadAsync(transaction, lessonId, channel.Id, threadTs, permalink, sellerId, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        searchChanges.Changed();
        return new ThreadOutcome.Ready(thread, Started: true);
    }

    private async Task<string> PostAsync(SlackConversation channel, LessonToDiscuss lesson, string startedBy, CancellationToken cancellationToken)
    {
        var posted = await channels.PostAsync(channel, new PostMessageRequest(channel.Id, DiscussionMessages.LessonPost(lesson, startedBy),
            Metadata: MessageMetadata.Of(DiscussionMessages.MetadataEventType, "lesson_id", lesson.LessonId),
            UnfurlLinks: false), cancellationToken);
        return posted.Ts;
    }

    private async Task<DiscussionThread> WithPermalinkAsync(DiscussionThread thread, CancellationToken cancellationToken)
    {
        if (thread.Permalink is not null || await PermalinkAsync(thread.ChannelId, thread.ThreadTs, cancellationToken) is not { } permalink)
            return thread;
        await store.SetPermalinkAsync(thread.Id, permalink, cancellationToken);
        return thread with { Permalink = permalink };
    }

    private async Task<string?> PermalinkAsync(string channelId, string ts, CancellationToken cancellationToken)
    {
        try
        {
            return await slack.GetPermalinkAsync(channelId, ts, cancellationToken);
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            return null;
        }
    }
}
