using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LearningBot.Reinforcement;

/// <summary>Memory items of quiz questions, scheduled by FSRS-6, and the quick checks that bring them back.</summary>
internal static class ReinforcementFeature
{
    public static IServiceCollection AddReinforcement(this IServiceCollection services)
    {
        services.AddReinforcementPlanning();
        services.TryAddSingleton<MemoryItems>();
        services.TryAddSingleton<MemoryStats>();
        return services;
    }

    /// <summary>What the planner needs to place quick checks; the import verbs re-plan through it too.</summary>
    public static IServiceCollection AddReinforcementPlanning(this IServiceCollection services)
    {
        services.AddOptions<ReinforcementOptions>().BindConfiguration(ReinforcementOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReinforcementOptions>, ReinforcementOptionsValidator>());
        services.TryAddSingleton(provider => new Fsrs(provider.GetRequiredService<IOptions<ReinforcementOptions>>().Value.DesiredRetention));
        services.TryAddSingleton<QuickCheckPlanning>();
        services.TryAddSingleton<QuickCheckSendTime>();
        return services;
    }
}
