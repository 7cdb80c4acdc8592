using System.Net;
using System.Net.Sockets;
using System.Text;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Tests;

/// <summary>
/// DNS rebinding: on a loopback listener only a Host naming this machine is served; on every
/// interface any Host is. Raw requests, so that the Host header is exactly the one under test.
/// </summary>
public class LoopbackHostTests
{
    public static TheoryData<string, string?, int> LoopbackCases => new()
    {
        { "localhost with the port", "localhost:3476", 200 },
        { "localhost without a port", "localhost", 200 },
        { "host names are case-insensitive", "LocalHost:1", 200 },
        { "127.0.0.1", "127.0.0.1:3476", 200 },
        { "another loopback address", "127.1.2.3", 200 },
        { "::1", "[::1]:3476", 200 },
        { "::1 without a port", "[::1]", 200 },
        { "empty (no browser sends it)", "", 200 },
        { "a rebound name", "attacker.example:3476", 421 },
        { "a rebound name without a port", "attacker.example", 421 },
        { "a name that starts like localhost", "localhost.attacker.example", 421 },
        { "a name that starts like 127.0.0.1", "127.0.0.1.nip.io", 421 },
        { "another address", "10.0.0.5:3476", 421 },
        { "absent (HTTP/1.1 requires it)", null, 400 },
    };

    [Theory]
    [MemberData(nameof(LoopbackCases))]
    public async Task LoopbackListener_Host_OnlyThisMachineServed(string description, string? host, int expected)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));

        var (status, headers, body) = await GetAsync(daemon.BaseAddress.Port, host);

        Assert.True(expected == status, $"{description}: {status}");
        if (status == 421)
        {
            Assert.Equal(LoopbackHost.MisdirectedBody, body);
        }
        else if (status == 200)
        {
            Assert.StartsWith("\nDriver version:", body);
        }

        Assert.DoesNotContain(headers, h => h.StartsWith("Server:", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every route sits behind the check, the Prometheus scrape and the contract included.</summary>
    [Theory]
    [InlineData("/gpu/status/json")]
    [InlineData("/v1.0/gpu/status")]
    [InlineData("/metrics")]
    [InlineData("/v1.1/gpu/health/json")]
    [InlineData("/health")]
    [InlineData("/openapi.yaml")]
    [InlineData("/no/such/route")]
    public async Task LoopbackListener_ReboundHost_MisdirectedOnEveryPath(string path)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("legacy-mixed")));

        var (refused, _, body) = await GetAsync(daemon.BaseAddress.Port, "attacker.example:3476", path: path);
        var (served, _, _) = await GetAsync(daemon.BaseAddress.Port, "localhost:3476", path: path);

        Assert.Equal(421, refused);
        Assert.Equal(LoopbackHost.MisdirectedBody, body);
        Assert.NotEqual(421, served);
    }

    [Fact]
    public async Task LoopbackListener_Http10WithoutHost_Served()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));

        var (status, _, _) = await GetAsync(daemon.BaseAddress.Port, host: null, version: "HTTP/1.0");

        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("attacker.example:3476")]
    [InlineData("gpu-host-1.example")]
    public async Task EveryInterface_AnyHost_Served(string host)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")), listen: ":0");

        var (status, headers, _) = await GetAsync(daemon.BaseAddress.Port, host);

        Assert.Equal(200, status);
        Assert.DoesNotContain(headers, h => h.StartsWith("Server:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task UnixSocket_AnyHost_Served()
    {
        await using var daemon = await RunningDaemon.StartUnixAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));
        using var http = daemon.Http;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gpu/info");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string, bool> HostValues => new()
    {
        { "an empty port", "localhost:", true },
        { "the highest port", "127.0.0.1:65535", true },
        { "IPv4-mapped loopback", "[::ffff:127.0.0.1]:1", true },
        { "a port past 65535", "localhost:65536", false },
        { "a port that is not a number", "localhost:x", false },
        { "IPv4 in brackets", "[127.0.0.1]", false },
        { "an unclosed bracket", "[::1", false },
        { "IPv6 without brackets", "::1", false },
        { "a short IPv4 form", "127.1", false },
        { "a decimal IPv4 form", "2130706433", false },
        { "another IPv6 address", "[fe80::1]", false },
        { "a trailing dot", "localhost.", false },
    };

    [Theory]
    [MemberData(nameof(HostValues))]
    public void IsAllowed_HostValue_Expected(string description, string host, bool expected)
    {
        Assert.True(expected == LoopbackHost.IsAllowed(host), description);
    }

    public static TheoryData<string, bool> Listeners => new()
    {
        { "localhost:3476", true },
        { "LOCALHOST:3476", true },
        { "127.0.0.1:3476", true },
        { "127.0.1.1:3476", true },
        { "[::1]:3476", true },
        { ":3476", false },
        { "0.0.0.0:3476", false },
        { "[::]:3476", false },
        { "10.0.0.5:3476", false },
        { "gpu-host-1:3476", false },
        { "unix:/run/nvidia-docker/api.sock", false },
    };

    [Theory]
    [MemberData(nameof(Listeners))]
    public void IsLoopback_ListenAddress_OnlyLocalhostAndLoopbackAddresses(string listen, bool expected)
    {
        Assert.Equal(expected, ListenAddress.Parse(listen).IsLoopback);
    }

    /// <summary>GET (/gpu/info unless told) on 127.0.0.1 with exactly this Host header (none when null); the connection closes after the reply.</summary>
    private static async Task<(int Status, string[] Headers, string Body)> GetAsync(int port, string? host, string version = "HTTP/1.1", string path = "/gpu/info")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var request = $"GET {path} {version}\r\n{(host is null ? "" : $"Host: {host}\r\n")}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var reply = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var split = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = reply[..split].Split("\r\n");
        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head[1..], reply[(split + 4)..]);
    }
}
