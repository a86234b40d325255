namespace LearningBot.CommandLine;

/// <summary>Console logging for the moments before the host exists (provisioning the local database).</summary>
internal static class StartupLogging
{
    public static ILoggerFactory Create(IConfiguration configuration) =>
        LoggerFactory.Create(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(console => console.SingleLine = true));
}
