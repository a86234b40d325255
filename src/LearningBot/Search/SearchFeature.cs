using Microsoft.Extensions.Options;

namespace LearningBot.Search;

/// <summary>Lesson search, and the change notices that tell every instance when cached answers are out of date.</summary>
internal static class SearchFeature
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>();
        services.AddSingleton<LessonSearch>();
        services.AddSingleton<SearchChanges>();
        services.AddSingleton(typeof(SearchAnswerCache<>));
        services.AddHostedService<SearchChangeListener>();
        return services;
    }
}
