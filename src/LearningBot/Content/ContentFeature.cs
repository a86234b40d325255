using LearningBot.Search;
using Microsoft.Extensions.Options;

namespace LearningBot.Content;

/// <summary>Content as code: the host calls <see cref="AddContent"/> and nothing else of it.</summary>
internal static class ContentFeature
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentOptions>, ContentOptionsValidator>();
        services.AddContentImporter();
        services.AddHostedService<SeedOnStart>();
        services.AddHostedService<SearchIndexUpgradeOnStart>();
        return services;
    }

    /// <summary>Just the importer and its stores, for the import command (which runs no host services).</summary>
    public static IServiceCollection AddContentImporter(this IServiceCollection services)
    {
        services.AddSingleton<PartnerStore>();
        services.AddSingleton<LessonStore>();
        services.AddSingleton<ContentImporter>();
        services.AddSearchChanges();
        return services;
    }
}
