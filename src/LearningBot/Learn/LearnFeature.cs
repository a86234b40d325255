using LearningBot.Slack.Routing;

namespace LearningBot.Learn;

/// <summary>The <c>/learn</c> command and the answer to mentions.</summary>
internal static class LearnFeature
{
    public static IServiceCollection AddLearn(this IServiceCollection services) =>
        services.AddSlackRoutes(routes => routes
            .OnCommand<LearnCommand>(LearnCommand.Name)
            .OnEvent<MentionReply>(MentionReply.EventType));
}
