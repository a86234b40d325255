using Dapper;
using LearningBot.Meetings;
using LearningBot.Sellers;
using LearningBot.Slack;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearningBot.Tests.Sellers;

public sealed class SlackUserResolverTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 3, 18, 8, 0, 0, TimeSpan.Zero));
    private EmulatorHost _slack = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync(_clock);
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync("""
            DELETE FROM sellers;
            INSERT INTO sellers (email, registered_via) VALUES ('ann@example.com', 'roster'), ('lee@example.com', 'roster');
            """);
    }

    public async ValueTask DisposeAsync() => await _slack.DisposeAsync();

    private ServiceProvider Services(bool withSlack = true)
    {
        var settings = withSlack ? _slack.BotSettings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)) : [];
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton(database.DataSource)
            .AddSlack()
            .AddSellers();
        return services.BuildServiceProvider();
    }

    private async Task<(string? SlackUserId, string? Name, string TimeZone, string? Error)> SellerAsync(string email)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
        return await connection.QuerySingleAsync<(string?, string?, string, string?)>(
            "SELECT slack_user_id, display_name, time_zone, slack_error FROM sellers WHERE email = @email", new { email });
    }

    [Fact]
    public async Task Roster_emails_resolve_to_slack_users_with_their_time_zone_and_unknown_ones_keep_the_reason()
    {
        await using var services = Services();

        Assert.Equal(1, await services.GetRequiredService<SlackUserResolver>().RefreshAsync(Cancel));

        Assert.Equal((_slack.Ann.Id, _slack.Ann.RealName, "Europe/Berlin", (string?)null), await SellerAsync("ann@example.com"));
        Assert.Equal((null, null, "UTC", "no Slack user has the email lee@example.com"), await SellerAsync("lee@example.com"));
    }

    [Fact]
    public async Task Time_zones_are_refreshed_from_slack_once_a_day()
    {
        await using var services = Services();
        var resolver = services.GetRequiredService<SlackUserResolver>();
        await resolver.RefreshAsync(Cancel);
        await using (var connection = await database.DataSource.OpenConnectionAsync(Cancel))
            await connection.ExecuteAsync("UPDATE sellers SET time_zone = 'Asia/Tokyo' WHERE email = 'ann@example.com'");

        _clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(0, await resolver.RefreshAsync(Cancel));
        Assert.Equal("Asia/Tokyo", (await SellerAsync("ann@example.com")).TimeZone);

        _clock.Advance(TimeSpan.FromHours(13));
        Assert.Equal(1, await resolver.RefreshAsync(Cancel));
        Assert.Equal("Europe/Berlin", (await SellerAsync("ann@example.com")).TimeZone);
    }

    [Fact]
    public async Task Without_a_bot_token_nobody_is_looked_up()
    {
        await using var services = Services(withSlack: false);

        Assert.Equal(0, await services.GetRequiredService<SlackUserResolver>().RefreshAsync(Cancel));

        Assert.Null((await SellerAsync("ann@example.com")).SlackUserId);
    }
}
