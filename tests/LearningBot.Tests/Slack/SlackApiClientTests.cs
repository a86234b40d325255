using System.Text.Json.Nodes;
using LearningBot.Slack;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;
using LearningBot.SlackEmulator;
using LearningBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearningBot.Tests.Slack;

public sealed class SlackApiClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private EmulatorHost _slack = null!;
    private ServiceProvider _services = null!;
    private ISlackApi _api = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync(_time);
        _services = ClientFor(_slack.Workspace.BotToken);
        _api = _services.GetRequiredService<ISlackApi>();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Auth_test_names_the_bot_user_and_bot_id()
    {
        var us = await _api.AuthTestAsync(Cancel);

        Assert.Equal(_slack.Workspace.Bot.Id, us.UserId);
        Assert.Equal(_slack.Workspace.BotId, us.BotId);
        Assert.Equal(_slack.Workspace.TeamId, us.TeamId);
    }

    [Fact]
    public async Task Posted_message_with_metadata_is_read_back_from_the_thread()
    {
        var parent = await _api.PostMessageAsync(new PostMessageRequest(_slack.DealRoom.Id, MessageBuilder.TextOnly("parent")), Cancel);
        var metadata = MessageMetadata.Of("delivery", "delivery_id", 42);

        var reply = await _api.PostMessageAsync(new PostMessageRequest(_slack.DealRoom.Id, MessageBuilder.TextOnly("reply"), ThreadTs: parent.Ts, Metadata: metadata), Cancel);
        var thread = await _api.GetConversationRepliesAsync(_slack.DealRoom.Id, parent.Ts, null, 50, Cancel);

        Assert.Equal([parent.Ts, reply.Ts], thread.Items.Select(m => m.Ts));
        Assert.Equal(42, thread.Items[1].Metadata!.EventPayload["delivery_id"].GetInt32());
        Assert.True(thread.Items[1].Metadata!.Carries("delivery", "delivery_id", "42"));
    }

    [Fact]
    public async Task Our_card_is_found_again_by_its_metadata_under_three_hundred_later_messages_and_a_missing_one_is_not()
    {
        var dm = await _api.OpenConversationAsync([_slack.Bob.Id], Cancel);
        var card = await _api.PostMessageAsync(new PostMessageRequest(dm, MessageBuilder.TextOnly("card"),
            Metadata: MessageMetadata.Of("learningbot_delivery", "delivery_id", 7)), Cancel);
        for (var i = 0; i < 300; i++)
            _slack.Workspace.Post(dm, _slack.Bob.Id, null, $"later message {i}");

        var found = await _api.FindInHistoryAsync(dm, "learningbot_delivery", "delivery_id", "7", since: _time.GetUtcNow().AddDays(-1), Cancel);
        var missing = await _api.FindInHistoryAsync(dm, "learningbot_delivery", "delivery_id", "8", since: null, Cancel);

        Assert.Equal(card.Ts, found?.Ts);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Direct_message_opens_a_dm_and_users_info_gives_time_zone_and_email()
    {
        var dm = await _api.OpenConversationAsync([_slack.Bob.Id], Cancel);
        var bob = await _api.GetUserInfoAsync(_slack.Bob.Id, Cancel);
        var byEmail = await _api.LookupUserByEmailAsync("BOB@example.com", Cancel);

        Assert.StartsWith("D", dm, StringComparison.Ordinal);
        Assert.Equal(("America/New_York", -18000, "bob@example.com"), (bob.Tz, bob.TzOffset, bob.Email));
        Assert.Equal(_slack.Bob.Id, byEmail.Id);
    }

    [Fact]
    public async Task Unknown_channel_is_a_permanent_slack_error_with_its_code()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            _api.PostMessageAsync(new PostMessageRequest("C0NOPE", MessageBuilder.TextOnly("hello")), Cancel));

        Assert.Equal(("chat.postMessage", "channel_not_found", true), (error.Method, error.Error, error.IsPermanent));
    }

    [Fact]
    public async Task A_rate_limit_with_retry_after_2_s_delays_the_call_at_least_2_s_and_then_it_succeeds()
    {
        _slack.Faults.RateLimit("chat.postMessage", TimeSpan.FromSeconds(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var posted = await _api.PostMessageAsync(new PostMessageRequest(_slack.DealRoom.Id, MessageBuilder.TextOnly("hello")), Cancel);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"retried after {clock.Elapsed}");
        Assert.False(string.IsNullOrEmpty(posted.Ts));
    }

    [Fact]
    public void Rate_limit_errors_are_transient_and_carry_retry_after()
    {
        var error = new SlackApiException("chat.postMessage", "ratelimited", TimeSpan.FromSeconds(2));

        Assert.Equal((false, TimeSpan.FromSeconds(2)), (error.IsPermanent, error.RetryAfter));
    }

    [Fact]
    public async Task Wrong_token_is_invalid_auth()
    {
        await using var services = ClientFor("xoxb-not-the-right-one");

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.GetRequiredService<ISlackApi>().AuthTestAsync(Cancel));

        Assert.Equal("invalid_auth", error.Error);
    }

    [Fact]
    public async Task Ephemeral_messages_cannot_be_updated()
    {
        var ts = await _api.PostEphemeralAsync(_slack.DealRoom.Id, _slack.Ann.Id, MessageBuilder.TextOnly("only for Ann"), null, Cancel);

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            _api.UpdateMessageAsync(new UpdateMessageRequest(_slack.DealRoom.Id, ts, MessageBuilder.TextOnly("changed")), Cancel));

        Assert.Equal("message_not_found", error.Error);
    }

    [Fact]
    public async Task Update_makes_the_message_exactly_the_new_one_blocks_included()
    {
        var posted = await _api.PostMessageAsync(new PostMessageRequest(_slack.DealRoom.Id, new MessageBuilder("v1").Add(new DividerBlock()).Build()), Cancel);

        await _api.UpdateMessageAsync(new UpdateMessageRequest(posted.Channel, posted.Ts,
            new MessageBuilder("v2").Add(new DividerBlock(), new DividerBlock()).Build()), Cancel);
        var replaced = _slack.Workspace.FindMessage(posted.Channel, posted.Ts)!.Blocks;
        await _api.UpdateMessageAsync(new UpdateMessageRequest(posted.Channel, posted.Ts, MessageBuilder.TextOnly("v3")), Cancel);

        Assert.Equal(2, replaced?.Count);
        Assert.Null(_slack.Workspace.FindMessage(posted.Channel, posted.Ts)!.Blocks);
        Assert.Equal("v3", _slack.Workspace.FindMessage(posted.Channel, posted.Ts)!.Text);
    }

    [Fact]
    public async Task Too_many_blocks_are_refused_by_the_emulator()
    {
        // Built past the builder, which would refuse it before Slack sees it.
        var many = new SlackMessage("many", [.. Enumerable.Range(0, 51).Select(_ => new DividerBlock())]);

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            _api.PostMessageAsync(new PostMessageRequest(_slack.DealRoom.Id, many), Cancel));

        Assert.Equal("invalid_blocks", error.Error);
    }

    [Fact]
    public async Task Trigger_ids_expire_after_three_seconds_and_work_once()
    {
        var modal = new ModalBuilder("Settings").Add(new SectionBlock(TextObject.Markdown("Your settings"))).Build();
        var fresh = _slack.Server.Handouts.IssueTrigger(_slack.Ann.Id);
        var old = _slack.Server.Handouts.IssueTrigger(_slack.Ann.Id);

        var view = await _api.OpenViewAsync(fresh.Id, modal, Cancel);
        var again = await Assert.ThrowsAsync<SlackApiException>(() => _api.OpenViewAsync(fresh.Id, modal, Cancel));
        _time.Advance(TimeSpan.FromSeconds(4));
        var expired = await Assert.ThrowsAsync<SlackApiException>(() => _api.OpenViewAsync(old.Id, modal, Cancel));

        Assert.StartsWith("V", view.Id, StringComparison.Ordinal);
        Assert.Equal("exchanged_trigger_id", again.Error);
        Assert.Equal("expired_trigger_id", expired.Error);
    }

    [Fact]
    public async Task Response_url_takes_five_posts_within_thirty_minutes()
    {
        var url = _slack.Server.Handouts.IssueResponseUrl(_slack.DealRoom.Id, _slack.Ann.Id);
        var address = _slack.Server.ResponseUrlFor(url);
        var message = new JsonObject { ["text"] = "hi", ["response_type"] = "ephemeral", ["replace_original"] = false };

        for (var i = 0; i < ResponseUrl.MaxUses; i++)
            await _api.RespondAsync(address, message, Cancel);
        var sixth = await Assert.ThrowsAsync<SlackApiException>(() => _api.RespondAsync(address, message, Cancel));
        var late = _slack.Server.Handouts.IssueResponseUrl(_slack.DealRoom.Id, _slack.Ann.Id);
        _time.Advance(TimeSpan.FromMinutes(31));
        var expired = await Assert.ThrowsAsync<SlackApiException>(() => _api.RespondAsync(_slack.Server.ResponseUrlFor(late), message, Cancel));

        Assert.Equal(5, _slack.Workspace.EphemeralMessages(_slack.Ann.Id).Count);
        Assert.Equal("used_url", sixth.Error);
        Assert.Equal("expired_url", expired.Error);
    }

    private ServiceProvider ClientFor(string token)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = token,
            ["Slack:SigningSecret"] = _slack.Workspace.SigningSecret,
            ["Slack:ApiBaseUrl"] = _slack.Server.ApiBaseUrl.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSlack();
        return services.BuildServiceProvider();
    }
}
