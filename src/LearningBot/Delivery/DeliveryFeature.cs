using Microsoft.Extensions.Options;

namespace LearningBot.Delivery;

internal static class DeliveryFeature
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<PacingOptions>().BindConfiguration(PacingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PacingOptions>, PacingOptionsValidator>();
        return services;
    }
}
