using System.Diagnostics;

namespace LearningBot.Tests.CommandLine;

/// <summary>The README's commands are typed from the repository root: dotnet run must keep the caller's directory.</summary>
public sealed class DotnetRunTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Dotnet_run_resolves_relative_paths_against_the_directory_it_is_called_from()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "LearningBot.sln")))
            repository = repository.Parent ?? throw new InvalidOperationException("no LearningBot.sln above the test output");
        var caller = Directory.CreateTempSubdirectory("lbt-run-");
        try
        {
            CopyDirectory(Path.Combine(repository.FullName, "seeds"), Path.Combine(caller.FullName, "library"));

            var (exitCode, output) = await DotnetAsync(caller.FullName,
                ["run", "--project", Path.Combine(repository.FullName, "src", "LearningBot"), "--no-build", "--configuration", Configuration,
                 "--", "lint", "library"]);

            Assert.True(exitCode == 0, output);
            Assert.Contains("library: 3 partners, 14 lessons: 0 errors", output, StringComparison.Ordinal);
        }
        finally
        {
            caller.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The test runner's own MSBuild settings would steer the child's project evaluation.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
