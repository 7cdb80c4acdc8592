using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.DevicePlugin.V1Beta1;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// The device plugin in process on the 4-GPU topology of <see cref="FakeTopology.BestPairIsTwoAndThree"/>,
/// fed by a real health monitor, with the C# kubelet stand-in in a temporary device-plugin folder
/// and stand-in device nodes of every GPU under a device root.
/// </summary>
internal sealed class PluginUnderTest : IAsyncDisposable
{
    /// <summary>How long a test waits for something the plugin does within a second or two.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TempFolder _folder;
    private readonly TempFolder? _devRoot;

    private PluginUnderTest(TempFolder folder, TempFolder? devRoot, string devRootPath, TopologyGpuSource gpus, GpuHealthMonitor health, LogCapture log, KubeletStandIn kubelet, DevicePluginHost host, DevicePluginSettings settings)
    {
        _folder = folder;
        _devRoot = devRoot;
        DevRoot = devRootPath;
        Gpus = gpus;
        Health = health;
        Log = log;
        Kubelet = kubelet;
        Host = host;
        Settings = settings;
    }

    public TopologyGpuSource Gpus { get; }

    public GpuHealthMonitor Health { get; }

    public LogCapture Log { get; }

    public KubeletStandIn Kubelet { get; }

    public DevicePluginHost Host { get; }

    public DevicePluginSettings Settings { get; }

    /// <summary>The device root the plugin checks nodes under.</summary>
    public string DevRoot { get; }

    /// <summary>The host path of GPU <paramref name="index"/>'s stand-in node.</summary>
    public string NodePath(int index) => Path.Join(DevRoot, Gpus.Devices[index].Path);

    public static string Uuid(int index) => FakeTopology.Uuid(index);

    /// <param name="configure">Changes to the settings (the folder is set already).</param>
    /// <param name="driverVolume">The driver volume for the legacy form, over the plugin's GPU source.</param>
    /// <param name="devRoot">Where device nodes are checked (every GPU's node is written there); null for a folder of the test's own.</param>
    public static async Task<PluginUnderTest> StartAsync(Func<DevicePluginSettings, DevicePluginSettings>? configure = null, Func<TopologyGpuSource, IDriverVolume>? driverVolume = null, string? devRoot = null, string? rejectWith = null)
    {
        var folder = new TempFolder();
        var ownRoot = devRoot is null ? new TempFolder() : null;
        devRoot ??= ownRoot!.Path;
        var gpus = new TopologyGpuSource(FakeTopology.BestPairIsTwoAndThree());
        Directory.CreateDirectory(Path.Join(devRoot, "dev"));
        foreach (var gpu in gpus.Devices)
        {
            File.WriteAllText(Path.Join(devRoot, gpu.Path), string.Empty);
        }

        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
        }

        var kubelet = await KubeletStandIn.StartAsync(folder.Path);
        kubelet.RejectWith = rejectWith;
        var settings = (configure ?? (s => s))(new DevicePluginSettings { Directory = folder.Path });
        var log = new LogCapture();
        var host = await DevicePluginHost.StartAsync(settings, gpus, new MonitoredDeviceHealth(health), new DeviceNodes(devRoot), driverVolume?.Invoke(gpus), log.Factory);
        return new PluginUnderTest(folder, ownRoot, devRoot, gpus, health, log, kubelet, host, settings);
    }

    /// <summary>Waits for the plugin's registration and dials it as the kubelet does.</summary>
    public async Task<(V1Beta1.DevicePlugin.DevicePluginClient Client, IDisposable Channel)> RegisteredClientAsync()
    {
        var registration = await Kubelet.NextRegistrationAsync(Patience);
        return Kubelet.Dial(registration.Endpoint);
    }

    /// <summary>Reads ListAndWatch into a channel a test can wait on.</summary>
    public static Channel<ListAndWatchResponse> Watch(V1Beta1.DevicePlugin.DevicePluginClient client, CancellationToken cancellationToken)
    {
        var lists = Channel.CreateUnbounded<ListAndWatchResponse>();
        var call = client.ListAndWatch(new Empty(), cancellationToken: cancellationToken);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var list in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    await lists.Writer.WriteAsync(list, cancellationToken);
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
            }
            finally
            {
                call.Dispose();
                lists.Writer.TryComplete();
            }
        }, cancellationToken);
        return lists;
    }

    /// <summary>Skips lists until one matches; fails if none does in time.</summary>
    public static async Task<ListAndWatchResponse> UntilAsync(Channel<ListAndWatchResponse> lists, Func<ListAndWatchResponse, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var list = await lists.Reader.ReadAsync(timeout.Token);
            if (wanted(list))
            {
                return list;
            }
        }
    }

    /// <summary>Each device's health in list order, e.g. <c>["Healthy", "Unhealthy", …]</c>.</summary>
    public static string[] States(ListAndWatchResponse list) => list.Devices.Select(d => d.Health).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Kubelet.DisposeAsync();
        Health.Dispose();
        _folder.Dispose();
        _devRoot?.Dispose();
    }
}
