using System.Diagnostics;

namespace LearningBot.Infrastructure.Telemetry;

/// <summary>The bot's own spans: handling an inbox row, a dispatcher send, an import, a planner run.</summary>
internal static class BotTelemetry
{
    public const string SourceName = "LearningBot";

    public static readonly ActivitySource Source = new(SourceName);
}
