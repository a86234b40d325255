using System.CommandLine;
using System.Globalization;
using LearningBot.Infrastructure.Inbox;

namespace LearningBot.CommandLine;

/// <summary>learningbot inbox retry [--id N]: puts failed inbox rows (all, or one) back to pending for the running bot to handle.</summary>
internal static class InboxCommand
{
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Only the failed row with this id." };
        var retry = new Command("retry", "Put failed inbox rows back to pending, with a fresh set of attempts; prints how many.") { id };
        retry.TreatUnmatchedTokensAsErrors = false;
        retry.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(id), [.. parse.UnmatchedTokens], Console.Out, Console.Error, cancellationToken));
        return new Command("inbox", "Look after the stored Slack requests.") { retry };
    }

    public static async Task<int> RunAsync(string? id, string[] settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        long? only = null;
        if (id is not null)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                error.WriteLine($"learningbot: error: --id '{id}' is not a row id (a positive whole number); see 'learningbot inbox retry --help'.");
                return UsageErrors.ExitCode;
            }
            only = parsed;
        }
        return await CommandFailures.GuardAsync(async () =>
        {
            await using var session = await CommandHost.StartAsync(settings, cancellationToken);
            var count = await session.Services.GetRequiredService<InboxStore>().RetryFailedAsync(only, cancellationToken);
            output.WriteLine(only is { } row && count == 0
                ? $"Row {row} is not a failed row; nothing was put back."
                : $"Put {count} failed {(count == 1 ? "row" : "rows")} back to pending.");
            return 0;
        });
    }
}
