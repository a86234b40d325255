using System.CommandLine;
using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Hosting;
using LearningBot.Sandbox;

namespace LearningBot.CommandLine;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve",
            "Run the bot (the default). Listens on http://localhost:3000 unless --urls or ASPNETCORE_URLS says otherwise; "
            + "without ConnectionStrings__LearningBot it starts a private local PostgreSQL; without Slack credentials it serves a browser sandbox at /sandbox.")
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
            // Without Slack credentials the bot hosts its own Slack (the sandbox) instead of running unconnected.
            var sandbox = SandboxMode.Configure(builder);
            var urls = ListenUrls.Split(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
            if (ListenUrls.FirstInUse(urls) is { } taken)
                throw AddressInUse(taken);

            using var startupLogging = StartupLogging.Create(builder.Configuration);
            await using var database = await DatabaseProvisioner.ProvisionAsync(
                builder.Configuration, startupLogging.CreateLogger("LearningBot.Database"), cancellationToken);
            await using var app = BotApplication.Build(builder, sandbox is null ? null : services => services.AddSandbox(sandbox));
            await app.ValidateAndMigrateAsync(cancellationToken);
            try
            {
                await ((IHost)app).RunAsync(cancellationToken);
            }
            catch (Exception e) when (ListenUrls.IsAddressInUse(e))
            {
                throw AddressInUse(string.Join(" or ", urls));
            }
            return 0;
        });

    private static StartupException AddressInUse(string url) =>
        new($"cannot listen on {url}: another program already uses that port. Stop it, or choose another address with --urls.");
}
