using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LearningBot.Tests.Support;

/// <summary>The built bot run as a separate process (the way it runs in production), so a test can kill it with SIGKILL.</summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<BotProcess> StartAsync(string connectionString, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(BotApplication).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add($"--urls={address}");
        start.ArgumentList.Add($"--ConnectionStrings:LearningBot={connectionString}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var bot = new BotProcess(process, address);
        process.OutputDataReceived += (_, line) => bot.Append(line.Data);
        process.ErrorDataReceived += (_, line) => bot.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await bot.WaitUntilReadyAsync();
        return bot;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
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

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
