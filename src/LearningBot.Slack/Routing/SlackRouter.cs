using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.Payloads;
using LearningBot.Slack.Receiving;
using LearningBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningBot.Slack.Routing;

/// <summary>What handling a stored request produced: an answer for the ack or response_url, or nothing.</summary>
/// <param name="Answer">The slash command reply or view <c>response_action</c>; null when there is nothing to say.</param>
/// <param name="ResponseUrl">Where <see cref="Answer"/> goes when the ack has already been sent.</param>
/// <param name="FollowUp">Work that runs after <see cref="Answer"/> has gone into the ack, as part of handling the same request.</param>
public sealed record SlackDispatchResult(JsonObject? Answer, string? ResponseUrl, string Outcome, Func<CancellationToken, Task>? FollowUp = null)
{
    public static SlackDispatchResult Done(string outcome) => new(null, null, outcome);
}

/// <summary>A stored request that can never be handled (it parsed at the door but not here); not retried.</summary>
public sealed class UnusableSlackPayloadException(string message) : Exception(message);

/// <summary>
/// Bolt-style dispatch of a stored request to the handler registered for its event type, command, action_id
/// prefix or callback_id; drops our own messages first, and hidden subtypes unless a route names that subtype
/// (https://api.slack.com/events/message#hidden_subtypes).
/// </summary>
public sealed partial class SlackRouter
{
    private static readonly HashSet<string> MembershipEvents = ["member_joined_channel", "member_left_channel"];

    private readonly IServiceScopeFactory _scopes;
    private readonly SlackBotIdentity _identity;
    private readonly ILogger<SlackRouter> _logger;
    private readonly Dictionary<string, Type> _events;
    private readonly Dictionary<string, Type> _commands;
    private readonly Dictionary<string, Type> _views;
    private readonly List<SlackRoute> _actions;

    public SlackRouter(IEnumerable<SlackRoute> routes, IServiceScopeFactory scopes, SlackBotIdentity identity, ILogger<SlackRouter> logger)
    {
        _scopes = scopes;
        _identity = identity;
        _logger = logger;
        var all = routes.ToList();
        _events = Table(all, SlackRouteKind.Event, StringComparer.Ordinal);
        _commands = Table(all, SlackRouteKind.Command, StringComparer.OrdinalIgnoreCase);
        _views = Table(all, SlackRouteKind.ViewSubmission, StringComparer.Ordinal);
        _actions = [.. all.Where(r => r.Kind == SlackRouteKind.ActionPrefix).OrderByDescending(r => r.Key.Length)];
    }

    /// <param name="attempt">1 the first time a stored request is handled, higher on retries.</param>
    public async Task<SlackDispatchResult> DispatchAsync(InboxKind kind, string body, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            return kind switch
            {
                InboxKind.Event => await DispatchEventAsync(body, attempt, cancellationToken),
                InboxKind.Command => await DispatchCommandAsync(body, cancellationToken),
                _ => await DispatchInteractionAsync(body, cancellationToken),
            };
        }
        catch (JsonException e)
        {
            throw new UnusableSlackPayloadException($"the stored {kind} is not valid JSON: {e.Message}");
        }
    }

    private async Task<SlackDispatchResult> DispatchEventAsync(string body, int attempt, CancellationToken cancellationToken)
    {
        var parsed = SlackEvent.Parse(body) ?? throw new UnusableSlackPayloadException("not an event_callback with an event type");
        var slackEvent = parsed with { Attempt = attempt };
        var subtypeRoute = slackEvent.Subtype is { } subtype ? _events.GetValueOrDefault(SlackRouteBuilder.SubtypeKey(slackEvent.Type, subtype)) : null;
        if (slackEvent.Hidden && subtypeRoute is null)
            return SlackDispatchResult.Done($"ignored hidden {slackEvent.Type}/{slackEvent.Subtype}");
        if ((subtypeRoute ?? _events.GetValueOrDefault(slackEvent.Type)) is not { } handlerType)
            return Unrouted("event", slackEvent.Type);
        if (await IsOurOwnAsync(slackEvent, cancellationToken))
            return SlackDispatchResult.Done($"ignored our own {slackEvent.Type}");

        await using var scope = _scopes.CreateAsyncScope();
        var handler = (ISlackEventHandler)scope.ServiceProvider.GetRequiredService(handlerType);
        await handler.HandleAsync(slackEvent, cancellationToken);
        return SlackDispatchResult.Done($"handled event {slackEvent.Type}");
    }

    /// <summary>bolt's ignoreSelf: our bot_id, or our bot user, except membership events about us.</summary>
    private async Task<bool> IsOurOwnAsync(SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        if (slackEvent.BotId is null && slackEvent.User is null)
            return false;
        var us = await _identity.GetAsync(cancellationToken);
        if (slackEvent.BotId is not null && slackEvent.BotId == us.BotId)
            return true;
        return slackEvent.User is not null && slackEvent.User == us.UserId && !MembershipEvents.Contains(slackEvent.Type);
    }

    private async Task<SlackDispatchResult> DispatchCommandAsync(string body, CancellationToken cancellationToken)
    {
        var command = SlackCommand.Parse(body) ?? throw new UnusableSlackPayloadException("a slash command without command or user_id");
        if (!_commands.TryGetValue(command.Command, out var handlerType))
            return Unrouted("command", command.Command);

        await using var scope = _scopes.CreateAsyncScope();
        var handler = (ISlackCommandHandler)scope.ServiceProvider.GetRequiredService(handlerType);
        var reply = await handler.HandleAsync(command, cancellationToken);
        return new SlackDispatchResult(reply?.ToJson(), command.ResponseUrl, $"handled command {command.Command}");
    }

    private async Task<SlackDispatchResult> DispatchInteractionAsync(string body, CancellationToken cancellationToken)
    {
        var payload = SlackInteraction.ReadPayload(body) ?? throw new UnusableSlackPayloadException("an interaction without a payload object");
        var type = payload.Str("type");
        switch (type)
        {
            case "block_actions":
            {
                var actions = SlackInteraction.ParseBlockActions(payload) ?? throw new UnusableSlackPayloadException("block_actions without a user");
                var handled = 0;
                foreach (var action in actions.Actions)
                {
                    var route = _actions.FirstOrDefault(r => action.ActionId.StartsWith(r.Key, StringComparison.Ordinal));
                    if (route is null)
                    {
                        LogUnrouted(_logger, "action", action.ActionId);
                        continue;
                    }
                    await using var scope = _scopes.CreateAsyncScope();
                    var handler = (ISlackActionHandler)scope.ServiceProvider.GetRequiredService(route.Handler);
                    await handler.HandleAsync(actions, action, cancellationToken);
                    handled++;
                }
                return SlackDispatchResult.Done($"handled {handled} of {actions.Actions.Count} actions");
            }
            case "view_submission":
            {
                var submission = SlackInteraction.ParseViewSubmission(payload) ?? throw new UnusableSlackPayloadException("view_submission without user or view");
                if (!_views.TryGetValue(submission.CallbackId, out var handlerType))
                    return Unrouted("view_submission", submission.CallbackId);
                await using var scope = _scopes.CreateAsyncScope();
                var handler = (ISlackViewSubmissionHandler)scope.ServiceProvider.GetRequiredService(handlerType);
                var answer = await handler.HandleAsync(submission, cancellationToken);
                var followUp = handler is ISlackViewSubmissionFollowUp && (answer is null || answer.Closes)
                    ? FollowUp(handlerType, submission)
                    : null;
                return new SlackDispatchResult(answer?.ToJson(), null, $"handled view_submission {submission.CallbackId}", followUp);
            }
            default:
                return Unrouted("interaction", type ?? "(no type)");
        }
    }

    private Func<CancellationToken, Task> FollowUp(Type handlerType, SlackViewSubmission submission) => async cancellationToken =>
    {
        await using var scope = _scopes.CreateAsyncScope();
        var handler = (ISlackViewSubmissionFollowUp)scope.ServiceProvider.GetRequiredService(handlerType);
        await handler.AfterAnswerAsync(submission, cancellationToken);
    };

    private SlackDispatchResult Unrouted(string kind, string key)
    {
        LogUnrouted(_logger, kind, key);
        return SlackDispatchResult.Done($"no handler for {kind} {key}");
    }

    private static Dictionary<string, Type> Table(List<SlackRoute> routes, SlackRouteKind kind, StringComparer comparer)
    {
        var table = new Dictionary<string, Type>(comparer);
        foreach (var route in routes.Where(r => r.Kind == kind))
        {
            if (!table.TryAdd(route.Key, route.Handler))
                throw new InvalidOperationException($"Two Slack handlers for {kind} '{route.Key}': {table[route.Key].Name} and {route.Handler.Name}.");
        }
        return table;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No Slack handler for {Kind} {Key}; nothing to do")]
    private static partial void LogUnrouted(ILogger logger, string kind, string key);
}
