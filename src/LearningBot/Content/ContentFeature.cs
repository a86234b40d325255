using Microsoft.Extensions.Options;

namespace LearningBot.Content;

/// <summary>Content as code: the host calls <see cref="AddContent"/> and nothing else of it.</summary>
internal static class ContentFeature
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentOptions>, ContentOptionsValidator>();
        services.AddSingleton<PartnerStore>();
        services.AddSingleton<LessonStore>();
        services.AddSingleton<ContentImporter>();
        services.AddHostedService<SeedOnStart>();
        return services;
    }
}
