using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NvContract.Daemon.Tests;

/// <summary>systemd's readiness protocol (sd_notify over NOTIFY_SOCKET), with the built executable.</summary>
public class ServiceManagerTests
{
    private static readonly string DaemonDll = Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.dll");

    [Fact]
    public async Task NotifySocket_ReadyOnceListeningThenStoppingOnSigterm()
    {
        var dir = Directory.CreateTempSubdirectory("nvc-notify-").FullName;
        try
        {
            var notifyPath = Path.Join(dir, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

            var port = FreePort();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { DaemonDll, "--simulate", "empty", "-l", $"127.0.0.1:{port}" })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["NOTIFY_SOCKET"] = notifyPath;
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();

            Assert.Equal("READY=1", await ReceiveAsync(notify));

            // Ready means bound: the first request succeeds without any retry.
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1.0/gpu/info/json")).StatusCode);
            }

            Assert.Equal(0, Kill(process.Id, 15));
            Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Successfully terminated", await stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n');
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
