using Microsoft.Extensions.Options;

namespace LearningBot.Reinforcement;

/// <summary>Memory items of quiz questions, scheduled by FSRS-6.</summary>
internal static class ReinforcementFeature
{
    public static IServiceCollection AddReinforcement(this IServiceCollection services)
    {
        services.AddOptions<ReinforcementOptions>().BindConfiguration(ReinforcementOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReinforcementOptions>, ReinforcementOptionsValidator>();
        services.AddSingleton(provider => new Fsrs(provider.GetRequiredService<IOptions<ReinforcementOptions>>().Value.DesiredRetention));
        services.AddSingleton<MemoryItems>();
        return services;
    }
}
