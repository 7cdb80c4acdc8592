using System.Net;
using System.Net.Sockets;
using System.Text;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>systemd's readiness protocol (sd_notify over NOTIFY_SOCKET), with the built executable.</summary>
public sealed class ServiceManagerTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-notify-");

    [Fact]
    public async Task NotifySocket_ReadyOnceListeningThenStoppingOnSigterm()
    {
        var notifyPath = Path.Join(_launcher.Scratch, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

        var port = Loopback.FreePort();
        using var process = _launcher.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath }, "--simulate", "empty", "-l", $"127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();

        Assert.Equal("READY=1", await ReceiveAsync(notify));

        // Ready means bound: the first request succeeds without any retry.
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1.0/gpu/info/json")).StatusCode);
        }

        Assert.Equal(0, Signals.Send(process.Id, Signals.Terminate));
        Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Successfully terminated", await stderr);
    }

    public void Dispose() => _launcher.Dispose();

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n');
    }
}
