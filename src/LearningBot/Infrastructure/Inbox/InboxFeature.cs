using LearningBot.Slack.Receiving;

namespace LearningBot.Infrastructure.Inbox;

/// <summary>The durable inbox behind the Slack endpoints and the hosted processor that works through it.</summary>
internal static class InboxFeature
{
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        services.AddSingleton<InboxDataSource>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<InboxWriter>();
        services.AddSingleton<InboxProcessor>();
        services.AddHostedService(provider => provider.GetRequiredService<InboxProcessor>());
        services.AddSingleton<ISlackInbox, PostgresInbox>();
        return services;
    }
}
