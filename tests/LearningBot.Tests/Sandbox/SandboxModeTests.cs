using LearningBot.Slack.BlockKit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.WebApi;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LearningBot.Tests.Sandbox;

/// <summary>serve without Slack credentials: the emulator in the same process, the bot's own Slack client pointed at it.</summary>
public sealed class SandboxModeTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Thursday = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private BotHost? _sandbox;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Http => _sandbox!.Http;

    private ISlackApi Slack => _sandbox!.Services.GetRequiredService<ISlackApi>();

    public async ValueTask InitializeAsync() =>
        _sandbox = await BotHost.StartAsync(database.ConnectionString, [new("Sandbox:StartAt", Thursday.ToString("O"))], sandbox: true);

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
            await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task The_bots_Slack_client_gets_Slacks_answers_from_the_built_in_Web_API()
    {
        var identity = await Slack.AuthTestAsync(Cancel);
        var users = await Slack.ListUsersAsync(null, 100, Cancel);
        var channels = await Slack.ListConversationsAsync("public_channel", null, 100, Cancel);
        var dm = await Slack.OpenConversationAsync(["U0SELLER1"], Cancel);
        var posted = await Slack.PostMessageAsync(new PostMessageRequest(dm, MessageBuilder.TextOnly("first")), Cancel);
        await Slack.UpdateMessageAsync(new UpdateMessageRequest(dm, posted.Ts, MessageBuilder.TextOnly("edited")), Cancel);
        var history = await Slack.GetConversationHistoryAsync(dm, null, null, 10, Cancel);
        var unknown = await Assert.ThrowsAsync<SlackApiException>(() => Slack.PostMessageAsync(new PostMessageRequest("C0NOWHERE", MessageBuilder.TextOnly("hi")), Cancel));
        var unauthenticated = await (await Http.PostAsync("/sandbox/api/auth.test", null, Cancel)).Content.ReadFromJsonAsync<JsonObject>(Cancel);

        Assert.Equal("U0BOT0001", identity.UserId);
        var maya = Assert.Single(users.Items, u => u.Id == "U0SELLER1");
        Assert.Equal(("maya.chen@brightlinecloud.com", "America/New_York"), (maya.Email, maya.Tz));
        Assert.Contains(channels.Items, c => c.Name == "partner-northwind" && c.IsMember);
        Assert.Equal("edited", Assert.Single(history.Items).Text);
        Assert.Equal("channel_not_found", unknown.Error);
        Assert.True(unknown.IsPermanent);
        Assert.Equal("not_authed", (string?)unauthenticated!["error"]);
    }

    [Fact]
    public async Task A_slash_command_from_the_page_reaches_the_bot_signed_and_its_answer_shows_to_that_user_only()
    {
        var said = await Http.PostAsJsonAsync("/sandbox/say", new { user = "U0SELLER2", channel = await DmOfAsync("U0SELLER2"), text = "/learn help" }, Cancel);
        var forged = await Http.PostAsync("/slack/commands", new StringContent("command=%2Flearn&text=help&user_id=U0SELLER2"), Cancel);

        Assert.Equal(HttpStatusCode.OK, said.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var messages = await MessagesAsync("U0SELLER2");
        var answer = Assert.Single(messages);
        Assert.True((bool)answer["ephemeral"]!);
        Assert.Contains("/learn next", answer.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync("U0SELLER3"));
    }

    [Fact]
    public async Task The_clock_jumps_to_the_next_working_morning_in_the_sellers_own_time_zone()
    {
        var jump = await (await Http.PostAsJsonAsync("/sandbox/clock", new { kind = "morning", user = "U0SELLER1" }, Cancel))
            .Content.ReadFromJsonAsync<JsonObject>(Cancel);
        var wrong = await Http.PostAsJsonAsync("/sandbox/clock", new { kind = "yesterday", user = "U0SELLER1" }, Cancel);

        // Thursday 12:00 UTC is 07:00 in New York, so the next working morning is the same day at 09:00 there (14:00 UTC).
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)jump!["now"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(_sandbox!.Services.GetRequiredService<TimeProvider>().GetUtcNow(), Thursday.AddHours(2), Thursday.AddHours(2.1));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task The_page_is_served_as_plain_HTML_with_its_script_and_styles()
    {
        var html = await Http.GetStringAsync("/sandbox", Cancel);
        var script = await Http.GetAsync("/sandbox/sandbox.js", Cancel);
        var styles = await Http.GetAsync("/sandbox/sandbox.css", Cancel);

        Assert.Contains("/sandbox/sandbox.js", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
    }

    private async Task<string> DmOfAsync(string user)
    {
        var state = await Http.GetFromJsonAsync<JsonObject>($"/sandbox/state?user={user}", Cancel);
        return (string)state!["conversations"]!.AsArray().First(c => (string?)c!["kind"] == "dm")!["id"]!;
    }

    private async Task<List<JsonObject>> MessagesAsync(string user)
    {
        var state = await Http.GetFromJsonAsync<JsonObject>($"/sandbox/state?user={user}", Cancel);
        return [.. state!["conversations"]!.AsArray().SelectMany(c => c!["messages"]!.AsArray()).Cast<JsonObject>()];
    }
}

/// <summary>With any Slack credential the sandbox does not exist.</summary>
public sealed class SandboxAbsentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task With_Slack_credentials_there_is_no_sandbox_page_and_no_emulated_Web_API()
    {
        var builder = BotApplication.CreateBuilder(["--Slack:BotToken=xoxb-real", "--Slack:SigningSecret=0123456789abcdef0123"]);
        await using var slack = await EmulatorHost.StartAsync();
        await using var bot = await BotHost.StartAsync(database.ConnectionString, slack.BotSettings);

        Assert.Null(LearningBot.Sandbox.SandboxMode.Configure(builder));
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.GetAsync("/sandbox", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.PostAsync("/sandbox/api/auth.test", null, TestContext.Current.CancellationToken)).StatusCode);
    }
}
