using LearningBot.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LearningBot.Delivery;
using LearningBot.Discussions;
using LearningBot.Infrastructure;
using LearningBot.Slack.Routing;
using Microsoft.Extensions.Options;

namespace LearningBot.Quizzes;

/// <summary>Lesson cards in the seller's DM: sending them for the outbox, and Submit / Later / Resume / Read the whole lesson on them.</summary>
internal static class QuizzesFeature
{
    public static IServiceCollection AddQuizzes(this IServiceCollection services)
    {
        services.AddBotMetrics();
        services.AddOptions<QuizzesOptions>().BindConfiguration(QuizzesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuizzesOptions>, QuizzesOptionsValidator>();
        services.AddSingleton<LessonViewStore>();
        services.AddSingleton<DeliveryCards>();
        services.AddSingleton<AnswerStore>();
        services.AddSingleton<IDeliverySender, SlackDeliverySender>();
        services.TryAddScoped<ClickerNotes>();
        services.AddScoped<OwnedCards>();
        services.AddScoped<CardUpdates>();
        services.AddScoped<IDiscussedCards, CardsForDiscussions>();
        return services.AddSlackRoutes(routes => routes
            .OnAction<QuizSubmitAction>(LessonCard.SubmitAction)
            .OnAction<LaterAction>(LessonCard.LaterAction)
            .OnAction<ResumeAction>(LessonCard.ResumeAction)
            .OnAction<ReadLessonAction>(LessonCard.ReadAction)
            .OnAction<QuizSelection>(LessonCard.AnswerAction));
    }
}
