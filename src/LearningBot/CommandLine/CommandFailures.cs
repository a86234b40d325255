using LearningBot.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace LearningBot.CommandLine;

/// <summary>Turns the reasons a command cannot proceed into one readable line and exit status 1, never a stack trace.</summary>
internal static class CommandFailures
{
    public const int Failed = 1;

    public static async Task<int> GuardAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (StartupException e)
        {
            return Report(e.Message);
        }
        catch (OptionsValidationException e)
        {
            return Report("invalid configuration: " + string.Join(" ", e.Failures));
        }
    }

    private static int Report(string message)
    {
        Console.Error.WriteLine($"learningbot: error: {message}");
        return Failed;
    }
}
