using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Docker;
using NvContract.Core.Health;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>Stopping the plugin while it waits on the kubelet.</summary>
public sealed class StopTests
{
    [Fact]
    public async Task Dispose_WhileRegistrationIsInFlight_StopsQuietly()
    {
        using var folder = new TempFolder();

        // A kubelet that accepts the connection and never answers: the registration hangs until stopped.
        using var silentKubelet = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silentKubelet.Bind(new UnixDomainSocketEndPoint(Path.Join(folder.Path, "kubelet.sock")));
        silentKubelet.Listen();

        var gpus = new TopologyGpuSource(FakeTopology.BestPairIsTwoAndThree());
        using var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        var log = new LogCapture();
        var host = await DevicePluginHost.StartAsync(new DevicePluginSettings { Directory = folder.Path }, gpus, new MonitoredDeviceHealth(health), new DeviceNodes("/"), null, log.Factory);

        using var accepted = await silentKubelet.AcceptAsync().WaitAsync(PluginUnderTest.Patience);
        await host.DisposeAsync();

        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("registration", StringComparison.Ordinal) && e.Message.StartsWith("Error:", StringComparison.Ordinal));
    }
}
