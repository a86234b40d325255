using System.CommandLine;
using LearningBot.Infrastructure.Database;

namespace LearningBot.CommandLine;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve",
            "Run the bot (the default). Listens on http://localhost:3000 unless --urls or ASPNETCORE_URLS says otherwise; "
            + "without ConnectionStrings__LearningBot it starts a private local PostgreSQL.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(RunAsync);
        return command;
    }

    public static Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        CommandFailures.GuardAsync(async () =>
        {
            var builder = BotApplication.CreateBuilder([.. parse.UnmatchedTokens]);
            using var startupLogging = StartupLogging.Create(builder.Configuration);
            await using var database = await DatabaseProvisioner.ProvisionAsync(
                builder.Configuration, startupLogging.CreateLogger("LearningBot.Database"), cancellationToken);

            await using var app = BotApplication.Build(builder);
            await app.ValidateAndMigrateAsync(cancellationToken);
            await ((IHost)app).RunAsync(cancellationToken);
            return 0;
        });
}
