using Dapper;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearningBot.Tests.Infrastructure;

public sealed class InboxCleanupTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handled_and_failed_rows_older_than_the_keep_time_are_deleted_and_everything_else_stays()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync("""
            INSERT INTO inbox (kind, dedupe_key, content_type, body, status, received_at)
            SELECT 'event', 'old-done-' || n, 'application/json', '{}', 'done', @old FROM generate_series(1, 12000) AS n;
            INSERT INTO inbox (kind, dedupe_key, content_type, body, status, received_at) VALUES
                ('event', 'old-failed', 'application/json', '{}', 'failed', @old),
                ('event', 'old-pending', 'application/json', '{}', 'pending', @old),
                ('event', 'old-processing', 'application/json', '{}', 'processing', @old),
                ('event', 'recent-done', 'application/json', '{}', 'done', @recent);
            """, new { old = Now.AddDays(-8), recent = Now.AddDays(-6) });
        await using var inbox = InboxDatabase.Open(database);
        var job = new InboxCleanupJob(new InboxStore(inbox), Options.Create(new InboxOptions()), new FixedTime(Now), NullLogger<InboxCleanupJob>.Instance);

        await job.Execute(null!, Cancel);

        var left = (await connection.QueryAsync<string>("SELECT dedupe_key FROM inbox ORDER BY dedupe_key")).ToList();
        Assert.Equal(["old-pending", "old-processing", "recent-done"], left);
    }

    [Fact]
    public void A_keep_time_shorter_than_an_hour_is_refused_at_start_naming_the_setting()
    {
        var result = new InboxOptionsValidator().Validate(null, new InboxOptions { KeepHandledFor = TimeSpan.FromMinutes(10) });

        Assert.True(result.Failed);
        Assert.Contains("Inbox:KeepHandledFor", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxBatch", "0")]
    [InlineData("Writers", "0")]
    [InlineData("MaxConcurrency", "0")]
    [InlineData("MaxAttempts", "0")]
    [InlineData("Lease", "00:00:00")]
    [InlineData("PollInterval", "00:00:00")]
    [InlineData("InlineAnswerBudget", "00:00:03")]
    public void Every_inbox_setting_out_of_range_is_refused_at_start_naming_it(string setting, string value)
    {
        var options = new InboxOptions();
        var property = typeof(InboxOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(int)
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new InboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Inbox:{setting}", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new InboxOptionsValidator().Validate(null, new InboxOptions()).Succeeded);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
