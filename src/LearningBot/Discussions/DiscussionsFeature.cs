using Microsoft.Extensions.DependencyInjection.Extensions;
using LearningBot.Infrastructure;
using LearningBot.Infrastructure.Scheduling;
using LearningBot.Slack.Routing;
using Microsoft.Extensions.Options;
using Quartz;

namespace LearningBot.Discussions;

/// <summary>Lessons discussed in partner channels: Discuss, thread replies, take-aways, and the weekly digest.</summary>
internal static class DiscussionsFeature
{
    public static IServiceCollection AddDiscussions(this IServiceCollection services)
    {
        services.AddOptions<DiscussionsOptions>().BindConfiguration(DiscussionsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscussionsOptions>, DiscussionsOptionsValidator>();
        services.TryAddScoped<ClickerNotes>();
        services.AddSingleton<DiscussionStore>();
        services.AddSingleton<PartnerChannels>();
        services.AddSingleton<DiscussionThreads>();
        services.AddSingleton<DigestStore>();
        services.AddSingleton<WeeklyDigest>();
        services.AddQuartz(quartz =>
            quartz.AddRecurringJob<DigestJob>(DigestJob.Key, "weekly-digest-check-every-5-minutes", TimeSpan.FromMinutes(5)));
        return services.AddSlackRoutes(routes => routes
            .OnAction<DiscussAction>(DiscussAction.ActionId)
            .OnAction<TakeawayAction>(TakeawayAction.ActionId)
            .OnViewSubmission<TakeawayModal>(TakeawayModal.CallbackId)
            .OnEvent<ThreadReplyEvent>(ThreadReplyEvent.EventType)
            .OnEvent<ReplyEditedEvent>(ThreadReplyEvent.EventType, ReplyEditedEvent.Subtype)
            .OnEvent<ReplyDeletedEvent>(ThreadReplyEvent.EventType, ReplyDeletedEvent.Subtype));
    }
}
