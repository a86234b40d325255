using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LearningBot.Tests.Support;

/// <summary>The built learningbot executable run as a child process, the way an operator runs it.</summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private BotProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    /// <summary>Where a bot started with <see cref="StartAsync"/> listens.</summary>
    public Uri? Address { get; private set; }

    public string Output => StandardOutput + StandardError;

    public string StandardOutput { get { lock (_stdout) return _stdout.ToString(); } }

    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    public static BotProcess Start(IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(typeof(BotApplication).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // A developer's or CI's own settings must not leak into the bot under test.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                     || k.StartsWith("Slack__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bot = new BotProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (bot._stdout) bot._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (bot._stderr) bot._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Starts <c>serve</c> on a free loopback port against a database and waits until /readyz answers 200.</summary>
    public static async Task<BotProcess> StartAsync(string connectionString, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var bot = Start(
        [
            "serve", $"--urls={address}", $"--ConnectionStrings:LearningBot={connectionString}", "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ]);
        bot.Address = address;
        await bot.WaitUntilReadyAsync();
        return bot;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs to completion and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        await using var bot = Start(arguments, workingDirectory);
        var exitCode = await bot.WaitForExitAsync(timeout);
        return (exitCode, bot.StandardOutput, bot.StandardError);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Asks for a graceful stop, as a container runtime or Ctrl+C would.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The bot exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // slow start
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"The bot did not become ready:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
