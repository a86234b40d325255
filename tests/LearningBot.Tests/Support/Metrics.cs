using System.Diagnostics.Metrics;
using LearningBot.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace LearningBot.Tests.Support;

/// <summary>Instruments for classes a test builds by hand, on a meter factory of their own.</summary>
internal static class Metrics
{
    public static BotMetrics Bot() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
