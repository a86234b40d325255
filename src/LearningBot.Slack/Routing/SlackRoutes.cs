using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LearningBot.Slack.Routing;

/// <summary>What a route matches on, Bolt style (https://slack.dev/bolt-js/concepts/listening-events).</summary>
public enum SlackRouteKind
{
    Event,
    Command,
    ActionPrefix,
    ViewSubmission,
}

/// <summary>One registered route: kind, the key it matches and the handler class resolved per request.</summary>
public sealed record SlackRoute(SlackRouteKind Kind, string Key, Type Handler);

/// <summary>Adds routes for one feature; handlers are resolved from DI in a scope per inbox row.</summary>
public sealed class SlackRouteBuilder(IServiceCollection services)
{
    /// <summary>An Events API event type such as <c>app_mention</c> or <c>message</c>.</summary>
    public SlackRouteBuilder OnEvent<THandler>(string eventType) where THandler : class, ISlackEventHandler =>
        Add<THandler>(SlackRouteKind.Event, eventType);

    /// <summary>
    /// One subtype of an event, such as <c>message</c> / <c>message_changed</c>; it wins over a route for the whole type and
    /// is the only way a hidden subtype reaches a handler.
    /// </summary>
    public SlackRouteBuilder OnEvent<THandler>(string eventType, string subtype) where THandler : class, ISlackEventHandler =>
        Add<THandler>(SlackRouteKind.Event, SubtypeKey(eventType, subtype));

    internal static string SubtypeKey(string eventType, string subtype) => $"{eventType}/{subtype}";

    /// <summary>A slash command such as <c>/learn</c>.</summary>
    public SlackRouteBuilder OnCommand<THandler>(string command) where THandler : class, ISlackCommandHandler =>
        Add<THandler>(SlackRouteKind.Command, command);

    /// <summary>Every block action whose action_id starts with the prefix; the longest matching prefix wins.</summary>
    public SlackRouteBuilder OnAction<THandler>(string actionIdPrefix) where THandler : class, ISlackActionHandler =>
        Add<THandler>(SlackRouteKind.ActionPrefix, actionIdPrefix);

    /// <summary>A modal's submit by its callback_id.</summary>
    public SlackRouteBuilder OnViewSubmission<THandler>(string callbackId) where THandler : class, ISlackViewSubmissionHandler =>
        Add<THandler>(SlackRouteKind.ViewSubmission, callbackId);

    private SlackRouteBuilder Add<THandler>(SlackRouteKind kind, string key) where THandler : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        services.TryAddScoped<THandler>();
        services.AddSingleton(new SlackRoute(kind, key, typeof(THandler)));
        return this;
    }
}

/// <summary>Registration of Slack routes by features: <c>services.AddSlackRoutes(r =&gt; r.OnCommand&lt;LearnCommand&gt;("/learn"))</c>.</summary>
public static class SlackRouteRegistration
{
    public static IServiceCollection AddSlackRoutes(this IServiceCollection services, Action<SlackRouteBuilder> configure)
    {
        configure(new SlackRouteBuilder(services));
        return services;
    }
}
