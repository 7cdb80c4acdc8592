using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NvContract.Client;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Security;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The REST server on a real socket: TCP on a free loopback port, or a unix socket in a temporary folder.</summary>
public sealed class RunningDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _tempDir;

    private RunningDaemon(WebApplication app, Uri baseAddress, string? socketPath, string? tempDir, LogCapture logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        SocketPath = socketPath;
        _tempDir = tempDir;
        Logs = logs;
    }

    public Uri BaseAddress { get; }

    public string? SocketPath { get; }

    public LogCapture Logs { get; }

    /// <summary>The generated SDK client, over whichever transport the daemon listens on.</summary>
    public INvContractApi Client => SocketPath is null ? NvContractClient.Create(BaseAddress) : NvContractClient.CreateForUnixSocket(SocketPath);

    /// <summary>A plain client, for wire-level checks (exact bytes, headers, status codes).</summary>
    public HttpClient Http => SocketPath is null
        ? new HttpClient { BaseAddress = BaseAddress }
        : new HttpClient(NvContractClient.UnixSocketHandler(SocketPath)) { BaseAddress = BaseAddress };

    /// <param name="monitoring">The health monitor the metrics and health routes serve; null: every GPU unwatched.</param>
    /// <param name="listen">The <c>-l</c> address; port 0 picks a free one.</param>
    /// <param name="metricNaming">How /metrics names dcgm-exporter's families.</param>
    /// <param name="cdi">Builds the CDI spec generator of /v1.1 from the device nodes under <paramref name="devRoot"/>; the server's default when null.</param>
    /// <param name="access">TLS and tokens, made from the daemon's logger; null serves plain HTTP.</param>
    public static async Task<RunningDaemon> StartTcpAsync(IGpuSource gpus, string devRoot = "/", Monitoring? monitoring = null, string listen = "127.0.0.1:0", Core.Metrics.MetricNaming metricNaming = Core.Metrics.MetricNaming.Dcgm, Func<DeviceNodes, Core.Cdi.CdiGenerator>? cdi = null, Func<ILogger, RemoteAccess>? access = null)
    {
        var logs = new LogCapture();
        var deviceNodes = new DeviceNodes(devRoot);
        var app = RestServer.Build(ListenAddress.Parse(listen), gpus, deviceNodes, logs.Factory, monitoring: monitoring, metricNaming: metricNaming, cdi: cdi?.Invoke(deviceNodes), access: access?.Invoke(logs.Factory.CreateLogger("test")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningDaemon(app, new Uri(address), null, null, logs);
    }

    public static async Task<RunningDaemon> StartUnixAsync(IGpuSource gpus)
    {
        var logs = new LogCapture();
        var dir = Directory.CreateTempSubdirectory("nvc-rest-").FullName;
        var socket = Path.Join(dir, "api.sock");
        var app = RestServer.Build(ListenAddress.Parse($"unix:{socket}"), gpus, new DeviceNodes("/"), logs.Factory);
        await app.StartAsync();
        return new RunningDaemon(app, new Uri("http://localhost"), socket, dir, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_tempDir is not null)
        {
            Directory.Delete(_tempDir, recursive: true);
        }
    }
}
