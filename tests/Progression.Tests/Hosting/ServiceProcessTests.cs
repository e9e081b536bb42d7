using System.Net.Sockets;
using System.Text;
using Progression.Harness;
using Progression.Tests.Infrastructure;

namespace Progression.Tests.Hosting;

/// <summary>The service in a process of its own on a real socket, with a database of its own.</summary>
public sealed class ServiceProcessFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;
    public ServiceProcess Service { get; private set; } = null!;

    public Dictionary<string, string> Settings => new()
    {
        ["ConnectionStrings:Progression"] = ConnectionString,
        ["Auth:SigningKey"] = TestTokens.KeyBase64,
        ["Privacy:PseudonymKey"] = TestTokens.KeyBase64,
        // Follow-ups due in a test show within a second, not after the half minute a service waits between sweeps.
        ["FollowUps:SweepSeconds"] = "0.5",
    };

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.Instance).CreateDatabaseAsync("process");
        Service = await ServiceProcess.StartAsync(Settings);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await (await PostgresServer.Instance).DropDatabaseAsync(ConnectionString);
    }
}

public class ServiceProcessTests(ServiceProcessFixture fixture) : IClassFixture<ServiceProcessFixture>
{
    /// <summary>Sends raw bytes to the service and returns the status line it answers with.</summary>
    private async Task<string> StatusLine(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Service.Url.Host, fixture.Service.Url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) ?? "";
    }

    [Fact]
    public async Task Malformed_chunk_framing_is_a_400()
    {
        var token = TestTokens.Coordinator("0101");
        var line = await StatusLine(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", line);
    }

    [Fact]
    public async Task A_chunked_body_over_64_KB_is_a_413()
    {
        var token = TestTokens.Coordinator("0101");
        var chunk = new string(' ', 16 * 1024);
        var body = string.Concat(Enumerable.Repeat($"{chunk.Length:x}\r\n{chunk}\r\n", 5)) + "0\r\n\r\n";
        var line = await StatusLine(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        Assert.StartsWith("HTTP/1.1 413", line);
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_a_400()
    {
        var line = await StatusLine("GET /api/citizens/ref%00x/identity HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", line);
    }

    [Fact]
    public async Task The_code_generated_ahead_for_production_is_what_the_service_generates_now()
    {
        var folder = Directory.CreateTempSubdirectory("progression-codegen-");
        try
        {
            var (exit, output) = await ServiceProcess.RunAsync(["codegen", "write", "--contentRoot", folder.FullName], fixture.Settings);
            Assert.True(exit == 0, output);
            var generated = Path.Combine(folder.FullName, "Internal", "Generated");
            var committed = Path.Combine(ServiceProcess.RepositoryRoot, "src", "Progression.Api", "Internal", "Generated");
            static Dictionary<string, string> Files(string root) => Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText);
            var (fresh, checkedIn) = (Files(generated), Files(committed));
            Assert.True(fresh.Keys.Order().SequenceEqual(checkedIn.Keys.Order()),
                $"Generated files differ from src/Progression.Api/Internal/Generated: run `./run.sh codegen write`.\nnow: {string.Join(", ", fresh.Keys.Order())}");
            var stale = fresh.Where(f => f.Value != checkedIn[f.Key]).Select(f => f.Key).ToList();
            Assert.True(stale.Count == 0, $"Stale generated code (run `./run.sh codegen write`): {string.Join(", ", stale)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
