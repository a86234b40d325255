using System.Text.Json.Nodes;
using LearningBot.Discussions;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LearningBot.Tests.Discussions;

/// <summary>The weekly digest per partner channel: once a week from Monday 09:00 in the channel's zone, never when empty.</summary>
public sealed class WeeklyDigestTests(PostgresServer server) : IAsyncLifetime
{
    // The bot's clock stays on a Wednesday: the seed library is imported then, so its lessons are new in the week up to the
    // next Monday, and the scheduled check only ever sees that week. The test's own digests run on a clock it moves.
    private static readonly DateTimeOffset Wednesday = new(2027, 1, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Wednesday);
    private readonly FakeTimeProvider _clock = new(Wednesday);
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;
    private NpgsqlDataSource _db = null!;
    private EmulatedChannel _northwind = null!;
    private EmulatedChannel _harborlight = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A digest sender as any instance of the bot has one, on the test's clock.</summary>
    private WeeklyDigest Digest => ActivatorUtilities.CreateInstance<WeeklyDigest>(_bot.Services, (TimeProvider)_clock);

    public async ValueTask InitializeAsync()
    {
        var database = await server.CreateDatabaseAsync();
        _db = NpgsqlDataSource.Create(database);
        _slack = await EmulatorHost.StartAsync(_time);
        _northwind = _slack.Workspace.AddChannel("partner-northwind", members: [_slack.Ann]);
        _harborlight = _slack.Workspace.AddChannel("partner-harborlight", members: [_slack.Ann]);
        // #partner-tessera does not exist in this workspace.
        _bot = await BotHost.StartAsync(database,
            [.. _slack.BotSettings, new("Content:SeedOnStart", "true"), new("Discussions:ChannelTimeZones:partner-northwind", "Europe/Berlin")],
            services => services.AddSingleton<TimeProvider>(_time));
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM lesson_search") > 0, "the seeds are imported and indexed");
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IReadOnlyList<EmulatedMessage> Digests(EmulatedChannel channel) =>
        [.. _slack.Workspace.Messages(channel.Id).Where(m => (string?)m.Metadata?["event_type"] == DigestMessage.MetadataEventType)];

    /// <summary>Two replies on a Northwind lesson's thread and a missed quiz question, on Thursday of the digest's week.</summary>
    private async Task AWeekOfActivityAsync()
    {
        var thursday = new DateTimeOffset(2027, 1, 7, 10, 0, 0, TimeSpan.Zero);
        await _db.ScalarAsync<long>("""
            INSERT INTO sellers (email, slack_user_id, registered_via) VALUES ('ann@example.com', 'U0ANN', 'roster');
            INSERT INTO discussions (lesson_id, channel_id, thread_ts, permalink, created_at)
            VALUES ('northwind-qualify-cosell', 'C0NORTH', '1767780000.000100', 'https://sandbox.slack.test/archives/C0NORTH/p1767780000000100', @thursday);
            INSERT INTO discussion_replies (discussion_id, message_ts, author_user_id, text, posted_at)
            SELECT d.id, '1767780000.00020' || n, 'U0ANN', 'reply ' || n, @thursday FROM discussions d, generate_series(1, 2) n;
            INSERT INTO deliveries (seller_id, kind, trigger, lesson_id, lesson_version, status, due_at, reason, completed_at)
            SELECT s.id, 'lesson', 'user', l.id, l.current_version, 'sent', @thursday, 'asked', @thursday
            FROM sellers s, lessons l WHERE l.id = 'northwind-joint-value';
            INSERT INTO quiz_answers (delivery_id, question_id, seller_id, answer, score, answered_at)
            SELECT d.id, q.id, d.seller_id, '[]', 0, @thursday
            FROM deliveries d JOIN quiz_questions q ON q.lesson_id = d.lesson_id AND q.lesson_version = d.lesson_version AND q.kind = 'choice';
            SELECT count(*) FROM quiz_answers
            """, new { thursday });
    }

    [Fact]
    public async Task The_digest_goes_out_once_a_week_from_monday_nine_in_the_channels_zone_and_not_when_there_is_nothing_to_say()
    {
        // Wednesday: the digest of the week before the seeds were imported has nothing to say.
        Assert.Equal(0, await Digest.SendDueAsync(Cancel));
        // The bot's own scheduled check may be recording one of them right now.
        await Eventually.TrueAsync(async () =>
                await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_digests WHERE week_of = '2027-01-04' AND status = 'skipped'") == 3,
            "the three channels' digests of the week before are recorded as skipped");
        await AWeekOfActivityAsync();

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 7, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await Digest.SendDueAsync(Cancel));

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero)); // 09:00 in Berlin, 08:00 in UTC
        var together = await Task.WhenAll(Digest.SendDueAsync(Cancel), Digest.SendDueAsync(Cancel));
        Assert.Equal(1, together.Sum());
        var digest = Assert.Single(Digests(_northwind));
        var shown = digest.Text + digest.Blocks!.ToJsonString();
        Assert.Contains("Northwind Data", shown, StringComparison.Ordinal);
        Assert.Contains("Most discussed", shown, StringComparison.Ordinal);
        Assert.Contains("2 replies", shown, StringComparison.Ordinal);
        Assert.Contains("Most missed question", shown, StringComparison.Ordinal);
        Assert.Contains("Repeat dashboard queries are served from Northwind", shown, StringComparison.Ordinal);
        Assert.Contains("New lessons", shown, StringComparison.Ordinal);
        Assert.Empty(Digests(_harborlight));

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 9, 0, 0, TimeSpan.Zero)); // 09:00 in UTC, the default zone
        Assert.Equal(1, await Digest.SendDueAsync(Cancel));
        var harborlight = Assert.Single(Digests(_harborlight)).Blocks!.ToJsonString();
        Assert.Contains("New lessons", harborlight, StringComparison.Ordinal);
        Assert.DoesNotContain("Most discussed", harborlight, StringComparison.Ordinal);
        Assert.Equal("channel_not_found", await _db.ScalarAsync<string>(
            "SELECT reason FROM discussion_digests WHERE channel = '#partner-tessera' AND week_of = '2027-01-11' AND status = 'failed'"));

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Digest.SendDueAsync(Cancel));
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 18, 12, 0, 0, TimeSpan.Zero)); // a quiet week
        Assert.Equal(0, await Digest.SendDueAsync(Cancel));
        Assert.Single(Digests(_northwind));
        Assert.Single(Digests(_harborlight));
        Assert.Equal(3, await _db.ScalarAsync<long>("SELECT count(*) FROM discussion_digests WHERE week_of = '2027-01-18' AND status = 'skipped'"));
    }

    [Fact]
    public async Task A_digest_posted_just_before_a_crash_is_found_in_the_channel_and_not_posted_again()
    {
        await AWeekOfActivityAsync();
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero));
        var id = await _db.ScalarAsync<long>("""
            INSERT INTO discussion_digests (channel, week_of, status, claimed_until, created_at)
            VALUES ('#partner-northwind', '2027-01-11', 'sending', @expired, @expired)
            RETURNING id
            """, new { expired = _clock.GetUtcNow().AddMinutes(-10) });
        var earlier = _slack.Workspace.Post(_northwind.Id, _slack.Workspace.Bot.Id, _slack.Workspace.BotId, "This week with Northwind Data",
            metadata: new JsonObject { ["event_type"] = DigestMessage.MetadataEventType, ["event_payload"] = new JsonObject { ["digest_id"] = id } });

        await Digest.SendDueAsync(Cancel);

        Assert.Single(Digests(_northwind));
        Assert.Equal(earlier.Ts, await _db.ScalarAsync<string>("SELECT message_ts FROM discussion_digests WHERE id = @id AND status = 'sent'", new { id }));
    }
}
