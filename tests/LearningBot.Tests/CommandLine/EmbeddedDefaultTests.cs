using System.Net;
using LearningBot.Tests.Support;

namespace LearningBot.Tests.CommandLine;

/// <summary>The first README command: no configuration at all, a private PostgreSQL, /healthz answering.</summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Serve_with_no_configuration_provisions_its_own_database_answers_healthz_and_reuses_the_data_next_time()
    {
        var workingDirectory = Path.Combine(Path.GetTempPath(), "lbt-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workingDirectory);
        try
        {
            var first = await ServeUntilHealthyAsync(workingDirectory);
            Assert.Contains("DEVELOPMENT DEFAULT", first, StringComparison.Ordinal);
            Assert.Contains($"{LearningBot.Infrastructure.Database.Migrator.Embedded.Count} migrations applied", first, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(workingDirectory, ".data", "postgres", "postmaster.pid")), "PostgreSQL should stop with the bot");

            var second = await ServeUntilHealthyAsync(workingDirectory);
            Assert.Contains("0 migrations applied", second, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static async Task<string> ServeUntilHealthyAsync(string workingDirectory)
    {
        var port = BotProcess.FreePort();
        await using var bot = BotProcess.Start([$"--urls=http://127.0.0.1:{port}"], workingDirectory);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/healthz", timeout.Token)).StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException)
            {
                Assert.False(timeout.IsCancellationRequested, "bot did not answer /healthz within a minute: " + bot.StandardOutput + bot.StandardError);
            }
            await Task.Delay(200, timeout.Token);
        }
        await bot.TerminateAsync();
        Assert.Equal(0, await bot.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return bot.StandardOutput;
    }
}
