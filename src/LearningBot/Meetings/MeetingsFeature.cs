using LearningBot.Sellers;

namespace LearningBot.Meetings;

/// <summary>Sellers, meetings and opportunities in, partners matched: the host calls <see cref="AddMeetings"/> and nothing else of it.</summary>
internal static class MeetingsFeature
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddMeetingImporters();
        services.AddHostedService<DemoDataOnStart>();
        return services;
    }

    /// <summary>Just the stores and importers, for the import verbs (which run no host services).</summary>
    public static IServiceCollection AddMeetingImporters(this IServiceCollection services)
    {
        services.AddSingleton<SellerStore>();
        services.AddSingleton<SellerDirectory>();
        services.AddSingleton<RosterImporter>();
        services.AddSingleton<OpportunityStore>();
        services.AddSingleton<OpportunityImporter>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<MeetingFileImporter>();
        return services;
    }
}
