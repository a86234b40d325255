using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LearningBot.Insights;

/// <summary>What was learned, before which meeting, and what to fix: the figures behind the exports and the lint report.</summary>
internal static class InsightsFeature
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InsightsOptions>, InsightsOptionsValidator>());
        services.TryAddSingleton<InsightsQueries>();
        return services;
    }
}
