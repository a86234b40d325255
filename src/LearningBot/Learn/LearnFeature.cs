using LearningBot.Search;
using LearningBot.Slack.Routing;

namespace LearningBot.Learn;

/// <summary>The <c>/learn</c> command and the answer to mentions.</summary>
internal static class LearnFeature
{
    public static IServiceCollection AddLearn(this IServiceCollection services)
    {
        services.AddSingleton<LessonRequests>();
        services.AddSearch();
        services.AddSingleton<LearnQueries>();
        services.AddSingleton<WaitingLessons>();
        return services.AddSlackRoutes(routes => routes
            .OnCommand<LearnCommand>(LearnCommand.Name)
            .OnAction<StartLessonAction>(SearchResultsCard.StartAction)
            .OnViewSubmission<SettingsModal>(SettingsModal.CallbackId)
            .OnEvent<MentionReply>(MentionReply.EventType)
            .OnEvent<AppHome>(AppHome.EventType));
    }
}
