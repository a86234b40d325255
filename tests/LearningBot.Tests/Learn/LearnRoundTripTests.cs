using System.Net;
using System.Text.Json.Nodes;
using LearningBot.Learn;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Routing;
using LearningBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LearningBot.Tests.Learn;

public sealed class LearnRoundTripTests(PostgresServer server) : IAsyncLifetime
{
    private EmulatorHost _slack = null!;
    private BotHost _bot = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await EmulatorHost.StartAsync();
        _bot = await BotHost.StartAsync(await server.CreateDatabaseAsync(),
            [.. _slack.BotSettings, new("Inbox:InlineAnswerBudget", "00:00:00.300")],
            services => services.AddSlackRoutes(routes => routes.OnCommand<SlowCommand>("/slow")));
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task App_mention_is_answered_in_its_thread_with_the_help_text()
    {
        var users = _slack.UsersOf(_bot.Address);

        var (mention, delivery) = await users.MentionAsync(_slack.Ann, _slack.DealRoom, "what can you do?", cancellationToken: Cancel);

        Assert.Equal([HttpStatusCode.OK], delivery.Attempts);
        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, mention.Ts).Count > 0, "the bot replies in the thread");
        var reply = Assert.Single(_slack.Workspace.Replies(_slack.DealRoom.Id, mention.Ts));
        Assert.Equal(_slack.Workspace.BotId, reply.BotId);
        Assert.Equal(LearnHelp.Text, reply.Text);
        Assert.NotNull(reply.Blocks);
    }

    [Fact]
    public async Task Mention_inside_a_thread_is_answered_in_that_thread()
    {
        var users = _slack.UsersOf(_bot.Address);
        var parent = _slack.Workspace.Post(_slack.DealRoom.Id, _slack.Bob.Id, null, "Contoso call at 2pm");

        await users.MentionAsync(_slack.Ann, _slack.DealRoom, "help", threadTs: parent.Ts, cancellationToken: Cancel);

        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, parent.Ts).Any(m => m.BotId is not null), "the bot replies in the thread");
    }

    [Fact]
    public async Task Our_own_bot_user_mentioning_us_is_ignored()
    {
        var users = _slack.UsersOf(_bot.Address);
        var (ours, _) = await users.MentionAsync(_slack.Workspace.Bot, _slack.DealRoom, "echo", cancellationToken: Cancel);
        var (theirs, _) = await users.MentionAsync(_slack.Ann, _slack.DealRoom, "after", cancellationToken: Cancel);

        await Eventually.TrueAsync(() => _slack.Workspace.Replies(_slack.DealRoom.Id, theirs.Ts).Count > 0, "the later mention is answered");
        Assert.Empty(_slack.Workspace.Replies(_slack.DealRoom.Id, ours.Ts));
    }

    [Fact]
    public async Task Learn_help_answers_inline_with_the_help_text_only_the_invoker_sees()
    {
        var users = _slack.UsersOf(_bot.Address);

        var (delivery, _, _) = await users.SlashCommandAsync(_slack.Ann, _slack.DealRoom, "/learn", "help", Cancel);

        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        var answer = JsonNode.Parse(delivery.Body)!;
        Assert.Equal("ephemeral", answer["response_type"]!.ToString());
        Assert.Equal(LearnHelp.Text, answer["text"]!.ToString());
        Assert.Equal("section", answer["blocks"]![0]!["type"]!.ToString());
    }

    [Fact]
    public async Task Command_slower_than_the_inline_budget_is_acked_empty_and_answered_through_response_url()
    {
        var users = _slack.UsersOf(_bot.Address);

        var (delivery, responseUrl, _) = await users.SlashCommandAsync(_slack.Ann, _slack.DealRoom, "/slow", "", Cancel);

        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        Assert.Equal("", delivery.Body);
        await Eventually.TrueAsync(() => _slack.Workspace.EphemeralMessages(_slack.Ann.Id).Any(m => m.Text == SlowCommand.Answer),
            "the answer arrives through response_url");
        Assert.Equal(1, responseUrl.Uses);
    }

    private sealed class SlowCommand : ISlackCommandHandler
    {
        public const string Answer = "worth the wait";

        public async Task<SlackReply?> HandleAsync(SlackCommand command, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return new SlackReply(Answer);
        }
    }
}
