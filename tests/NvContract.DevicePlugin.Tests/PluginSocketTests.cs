using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Docker;
using NvContract.Core.Health;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>The plugin's socket file: never over another program's file, a stale one replaced, removed on stop.</summary>
public sealed class PluginSocketTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TopologyGpuSource _gpus = new(FakeTopology.BestPairIsTwoAndThree());
    private readonly GpuHealthMonitor _health;

    public PluginSocketTests()
    {
        _health = new GpuHealthMonitor(_gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
    }

    private string SocketPath => Path.Join(_folder.Path, "nvidia-gpu.sock");

    public void Dispose()
    {
        _health.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Start_AFileHoldsTheSocketPath_FailsAndLeavesTheFile()
    {
        await File.WriteAllTextAsync(SocketPath, "not ours");

        var e = await Assert.ThrowsAsync<IOException>(StartAsync);

        Assert.Equal($"listen unix {SocketPath}: bind: address already in use", e.Message);
        Assert.Equal("not ours", await File.ReadAllTextAsync(SocketPath));
    }

    [Fact]
    public async Task Start_AnotherProgramServesOnTheSocketPath_FailsAndLeavesItsSocket()
    {
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(SocketPath));
        other.Listen();

        await Assert.ThrowsAsync<IOException>(StartAsync);

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await probe.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
    }

    [Fact]
    public async Task Start_ASocketLeftByAKilledDaemon_IsReplacedAndRemovedOnStop()
    {
        StaleSocket.Create(SocketPath);

        var host = await StartAsync();
        using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        }

        await host.DisposeAsync();

        Assert.False(File.Exists(SocketPath));
    }

    private Task<DevicePluginHost> StartAsync() =>
        DevicePluginHost.StartAsync(new DevicePluginSettings { Directory = _folder.Path }, _gpus, new MonitoredDeviceHealth(_health), new DeviceNodes("/"), null, NullLoggerFactory.Instance);
}
