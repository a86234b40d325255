using LearningBot.Content;
using LearningBot.Delivery;
using LearningBot.Discussions;
using LearningBot.Infrastructure.Database;
using LearningBot.Infrastructure.Health;
using LearningBot.Infrastructure.Inbox;
using LearningBot.Infrastructure.Replay;
using LearningBot.Infrastructure.Scheduling;
using LearningBot.Infrastructure.Telemetry;
using LearningBot.Insights;
using LearningBot.Learn;
using LearningBot.Meetings;
using LearningBot.Quizzes;
using LearningBot.Reinforcement;
using LearningBot.Sandbox;
using LearningBot.Sellers;
using LearningBot.Slack;
using LearningBot.Slack.Receiving;
using Microsoft.Extensions.Options;

namespace LearningBot;

/// <summary>The composition root: one Add/Map pair per capability, each defined in its own folder.</summary>
internal static class BotApplication
{
    public const string DefaultUrl = "http://localhost:3000";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    /// <param name="overrides">Replaces registrations after the capabilities added theirs (tests swap the clock this way).</param>
    public static WebApplication Build(WebApplicationBuilder builder, Action<IServiceCollection>? overrides = null)
    {
        builder.Services.AddCapabilities(builder.Configuration);
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapHealth();
        app.MapSlack();
        app.MapMeetings();
        app.MapSandbox();
        return app;
    }

    /// <summary>Every capability's registrations: what serve runs, and what the command-line verbs resolve their work from.</summary>
    public static IServiceCollection AddCapabilities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddDatabase(configuration);
        services.AddTelemetry(configuration);
        services.AddScheduling();
        services.AddSlack();
        services.AddInbox();
        services.AddReplayCache();
        services.AddSlackSocketMode();
        services.AddDelivery();
        services.AddQuizzes();
        services.AddReinforcement();
        services.AddDiscussions();
        services.AddLearn();
        services.AddHealth();
        services.AddContent();
        services.AddSellers();
        services.AddMeetings();
        services.AddInsights();
        return services;
    }

    /// <summary>
    /// Checks every validated setting before touching anything, then brings the schema up to date;
    /// several instances starting together take turns.
    /// </summary>
    public static async Task ValidateAndMigrateAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        var report = await ValidateAndMigrateAsync(app.Services, cancellationToken);
        app.Logger.LogInformation("Database schema at version {Version} ({Applied} migrations applied now)",
            report.SchemaVersion, report.Applied.Count);
    }

    public static async Task<MigrationReport> ValidateAndMigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        services.GetRequiredService<IStartupValidator>().Validate();
        return await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
    }
}
