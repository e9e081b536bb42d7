using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Progression.Api.Hosting;

/// <summary>
/// A PostgreSQL cluster of our own, run from the machine's binaries (initdb + pg_ctl), listening on loopback only.
/// Two uses: the run command's embedded default database (a data folder kept between runs, full durability) and the
/// test suite's throwaway server (a temporary folder, fsync off, removed afterwards).
/// </summary>
public sealed class LocalPostgres
{
    private const string SuperUser = "postgres";
    private readonly string _binaries;

    private readonly bool _throwaway;

    private LocalPostgres(string dataDirectory, string binaries, int port, bool throwaway)
    {
        DataDirectory = dataDirectory;
        _binaries = binaries;
        Port = port;
        _throwaway = throwaway;
    }

    public string DataDirectory { get; }
    public int Port { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = SuperUser, Database = database,
        // An unreachable server is reported within seconds (the service then answers 503), not after Npgsql's 15 s.
        Timeout = 5,
    }.ConnectionString;

    /// <summary>
    /// Starts the cluster in <paramref name="dataDirectory"/>, creating it first if the folder holds none; when it is
    /// already running (an earlier run that did not stop it), attaches to it. Then makes sure <paramref name="database"/> exists.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string dataDirectory, string database, bool throwaway, CancellationToken ct = default)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found (looked for initdb under /usr/lib/postgresql/*/bin and on PATH). "
            + "Install them (Debian: apt-get install postgresql) or configure ConnectionStrings:Progression.");
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            GiveToServerUser(dataDirectory);
            string[] initdb = ["-D", dataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"];
            await Run(binaries, "initdb", ct, throwaway ? [.. initdb, "--no-sync"] : initdb);
        }

        var running = RunningPort(dataDirectory);
        var cluster = new LocalPostgres(dataDirectory, binaries, running ?? FreePort(), throwaway);
        if (running is null) await cluster.StartServerAsync(ct);
        await cluster.EnsureDatabaseAsync(database, ct);
        return cluster;
    }

    /// <summary>Starts the server again on its port after <see cref="StopAsync"/> (a database restart, as in an outage).</summary>
    public Task StartServerAsync(CancellationToken ct = default)
    {
        // Loopback only, no Unix socket (its path length is limited, and nothing here needs it).
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
        if (_throwaway) options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        // -l is required: without a log file pg_ctl keeps our captured output open and never returns.
        return Run(_binaries, "pg_ctl", ct, "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"),
            "-w", "-t", "60", "-o", options, "start");
    }

    public async Task EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public Task StopAsync() => Run(_binaries, "pg_ctl", CancellationToken.None, "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>The server's processes: the postmaster (from postmaster.pid) and its children.</summary>
    public IReadOnlyList<int> Processes()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First());
        var children = Directory.GetDirectories("/proc").Select(Path.GetFileName)
            .Where(d => int.TryParse(d, out _))
            .Where(d => File.Exists($"/proc/{d}/stat") && ParentOf(d!) == postmaster)
            .Select(d => int.Parse(d!));
        return [postmaster, .. children];
    }

    private static int ParentOf(string pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (name) state ppid ...", the name may hold spaces: read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return -1; // the process ended meanwhile
        }
    }

    /// <summary>The highest installed PostgreSQL's bin folder, or the folder of initdb on PATH.</summary>
    public static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var best = Directory.GetDirectories(root)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.dir, "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => x.dir)
                .FirstOrDefault();
            if (best is not null) return best;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    /// <summary>The port of a server already running on this folder, read from postmaster.pid, if its process lives.</summary>
    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port)) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null; // stale pid file: pg_ctl start copes with it
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>initdb and postgres refuse to run as root: as root, the folder goes to the postgres user.</summary>
    private static void GiveToServerUser(string dataDirectory)
    {
        if (!IsRoot) return;
        RunSync("chown", "-R", $"{SuperUser}:", dataDirectory);
        RunSync("chmod", "700", dataDirectory);
    }

    private static Task Run(string binaries, string tool, CancellationToken ct, params string[] args)
    {
        var path = Path.Combine(binaries, tool);
        return IsRoot
            ? RunProcess("runuser", ["-u", SuperUser, "--", path, .. args], ct)
            : RunProcess(path, args, ct);
    }

    private static void RunSync(string file, params string[] args) => RunProcess(file, args, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task RunProcess(string file, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}
