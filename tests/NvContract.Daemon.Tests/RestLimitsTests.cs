using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using NvContract.Client;
using NvContract.Daemon.Hosting;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The REST listener's connection cap, which keeps descriptors for the plugin socket.</summary>
public sealed class RestLimitsTests : IDisposable
{
    /// <summary>
    /// The descriptor limit the flooded daemon runs with (cap: a quarter, 128). Run by dotnet, it
    /// holds about 170 descriptors before any request (the native executable about 20).
    /// </summary>
    private const int FileLimit = 512;

    private readonly DaemonLauncher _launcher = new("nvc-limits-");

    public static TheoryData<string, ulong?, long> Caps => new()
    {
        { "unknown limit", null, 512 },
        { "the packaged unit's LimitNOFILE=4096", 4096, 512 },
        { "a generous limit", 65536, 512 },
        { "a shell's usual 1024", 1024, 256 },
        { "a low limit", 256, 64 },
        { "a tiny limit still serves", 2, 1 },
        { "unlimited", ulong.MaxValue, 512 },
    };

    [Theory]
    [MemberData(nameof(Caps))]
    public void ConnectionCap_FileLimit_AQuarterAtMost512(string description, ulong? fileLimit, long expected)
    {
        Assert.True(expected == RestLimits.ConnectionCap(fileLimit), description);
    }

    [Fact]
    public async Task Flood_MoreRestConnectionsThanDescriptors_PluginAnswersWithinASecondAndConnectionsOverTheCapClose()
    {
        var cap = RestLimits.ConnectionCap(FileLimit);
        var port = Loopback.FreePort();
        using var daemon = _launcher.Start(new Dictionary<string, string>(), ["prlimit", $"--nofile={FileLimit}:{FileLimit}", "--"], "--simulate", "-l", $"127.0.0.1:{port}");
        var stderr = daemon.StandardError.ReadToEndAsync();
        var held = new List<TcpClient>();
        var extra = new List<TcpClient>();
        try
        {
            // Up to the cap: connections that were answered once and stay open, idle.
            held.Add(await Retry.HttpAsync(() => AnsweredConnectionAsync(port)));

            // Once before the flood, so that the timed answer below is not the plugin host's first.
            Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", await ActivateAsync());
            while (held.Count < cap)
            {
                held.Add(await AnsweredConnectionAsync(port));
            }

            // Past it, more connections than the daemon has descriptors, held open by the client.
            for (var i = 0; i < FileLimit + 50; i++)
            {
                var client = new TcpClient();
                extra.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, port);
            }

            // Docker gives up on a plugin after a while; the socket must answer at once, flood or not.
            var timer = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", await ActivateAsync());
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), $"the plugin socket answered after {timer.Elapsed.TotalMilliseconds:F0} ms");
            foreach (var client in extra)
            {
                Assert.True(await ClosedByServerAsync(client), "a connection over the cap stayed open");
            }

            Assert.False(daemon.HasExited);
        }
        finally
        {
            held.Concat(extra).ToList().ForEach(c => c.Dispose());
            if (!daemon.HasExited)
            {
                Signals.Send(daemon.Id, Signals.Terminate);
                await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }

        // Neither errors nor a line per rejected connection (a flood of the log).
        Assert.Equal(0, daemon.ExitCode);
        var log = await stderr;
        Assert.DoesNotContain(" Error", log);
        Assert.DoesNotContain("rejected", log);
    }

    /// <summary>A keep-alive connection on which one request was answered.</summary>
    private static async Task<TcpClient> AnsweredConnectionAsync(int port)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /gpu/info/json HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            var reply = await ReadHeadAsync(stream);
            var length = reply.Split("\r\n").Single(h => h.StartsWith("Content-Length: ", StringComparison.OrdinalIgnoreCase))["Content-Length: ".Length..];
            await stream.ReadExactlyAsync(new byte[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            return client;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            client.Dispose();
            throw new HttpRequestException("not answered", e);
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) == 0)
            {
                throw new IOException("closed before the reply");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>True when the server closed the connection (end of stream or reset) without a reply.</summary>
    private static async Task<bool> ClosedByServerAsync(TcpClient client)
    {
        try
        {
            return await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<string> ActivateAsync()
    {
        var socket = Path.Join(_launcher.Scratch, "plugins", "nvidia-docker.sock");
        using var plugin = new HttpClient(NvContractClient.UnixSocketHandler(socket)) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Plugin.Activate");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.plugins.v1.2+json"));
        using var response = await plugin.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    public void Dispose() => _launcher.Dispose();
}
