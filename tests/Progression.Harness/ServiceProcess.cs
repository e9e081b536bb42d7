using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Progression.Harness;

/// <summary>
/// The service as its own process on a real Kestrel socket (what TestServer cannot show: HTTP framing, signals, a
/// cold start), run from the build output of src/Progression.Api next to this test build.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServiceProcess(Process process, ConcurrentQueue<string> output, Uri url)
    {
        _process = process;
        _output = output;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>The most memory the process has held so far (VmHWM, the peak resident set), in bytes.</summary>
    public long PeakResidentBytes => PeakOf(_process.Id);

    private static long PeakOf(int processId) =>
        File.ReadLines($"/proc/{processId}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The repository's root: the folder holding Progression.sln above this test build.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The service's own build of the same configuration as this test build.</summary>
    public static string ServiceDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
            return Path.Combine(RepositoryRoot, "src", "Progression.Api", "bin", configuration, "net10.0", "Progression.Api.dll");
        }
    }

    /// <summary>Starts the service on a free loopback port and waits until /health answers.</summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string> settings, string environment = "Development")
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var (process, output) = Launch(["--urls", url.ToString().TrimEnd('/')], settings, environment);
        var service = new ServiceProcess(process, output, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(90); await Task.Delay(200))
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with {process.ExitCode}:\n{service.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(url, "/health"))).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
        }
        await service.DisposeAsync();
        throw new TimeoutException($"The service did not become healthy:\n{service.Output}");
    }

    /// <summary>Runs a command of the service's command line (e.g. <c>codegen write</c>) to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string> settings,
        string environment = "Development", TimeSpan? timeout = null)
    {
        var (exit, output, _) = await RunMeasuredAsync(arguments, settings, environment, timeout);
        return (exit, output);
    }

    /// <summary>
    /// Runs a command to its end as <see cref="RunAsync"/> does, and says the most memory it held (VmHWM, sampled every
    /// 50 ms while it ran: the last 50 ms may be missed).
    /// </summary>
    public static async Task<(int ExitCode, string Output, long PeakResidentBytes)> RunMeasuredAsync(IEnumerable<string> arguments,
        IDictionary<string, string> settings, string environment = "Development", TimeSpan? timeout = null)
    {
        var (process, output) = Launch(arguments, settings, environment);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var exited = process.WaitForExitAsync(deadline.Token);
        var peak = 0L;
        while (!exited.IsCompleted)
        {
            try
            {
                peak = Math.Max(peak, PeakOf(process.Id));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // exited between the check and the read
            }
            await Task.WhenAny(exited, Task.Delay(50));
        }
        await exited;
        process.WaitForExit(); // drains the redirected output
        return (process.ExitCode, string.Join(Environment.NewLine, output), peak);
    }

    private static (Process, ConcurrentQueue<string>) Launch(IEnumerable<string> arguments, IDictionary<string, string> settings, string environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServiceDll)!,
        };
        start.ArgumentList.Add(ServiceDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>Asks the service to stop (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process outright (SIGKILL): no draining, no clean stop, as a crash or the OOM killer does.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>How the process ended (valid once it has).</summary>
    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Progression.sln"))) return dir.FullName;
        throw new InvalidOperationException("Progression.sln was not found above the test build.");
    }
}
