using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Docker;
using NvContract.Core.Health;
using NvContract.Core.Mig;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// How often the device plugins read the MIG layout (NVML calls on a real host): through one
/// shared reader, at most once per <see cref="DeviceLayoutSource.MaxAge"/>, however many plugins
/// run and however often they check health. Time is a fake clock the tests move.
/// </summary>
public sealed class LayoutReadTests
{
    private static readonly TimeSpan Tick = DeviceAdvertiser.HealthPeriod;

    [Fact]
    public void SharedSource_ManyPluginsReadingEveryHealthTick_OneLayoutReadPerPeriod()
    {
        using var gpus = new LayoutGpuSource();
        using var roots = new TempFolder();
        var time = new FakeTimeProvider();
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Path), migDevices: true, time);
        string?[] plugins = [null, "1g.10gb", "2g.20gb", "3g.40gb"];

        for (var elapsed = TimeSpan.Zero; elapsed < DeviceLayoutSource.MaxAge; elapsed += Tick)
        {
            foreach (var profile in plugins)
            {
                _ = DeviceUnits.Select(layout.Current, MigStrategy.Mixed, profile);
            }

            time.Advance(Tick);
        }

        Assert.Equal((1, gpus.Devices.Count), (gpus.MigDeviceReads, gpus.MigModeReads));
        _ = layout.Current;
        Assert.Equal((2, 2 * gpus.Devices.Count), (gpus.MigDeviceReads, gpus.MigModeReads));
    }

    [Fact]
    public void SharedSource_StrategyNone_ReadsMigModesOnly()
    {
        using var gpus = new LayoutGpuSource();
        using var roots = new TempFolder();
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Path), migDevices: false, new FakeTimeProvider());

        Assert.Empty(layout.Current.MigDevices);
        Assert.Equal((0, gpus.Devices.Count), (gpus.MigDeviceReads, gpus.MigModeReads));
    }

    [Fact]
    public void Advertiser_ChecksHealthEveryTick_ButReadsTheLayoutOncePerPeriod()
    {
        using var gpus = new LayoutGpuSource();
        using var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
        }

        var time = new FakeTimeProvider();
        var reads = 0;
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), NullLogger.Instance, () =>
        {
            reads++;
            return [new DeviceUnit(3)];
        }, time);
        var start = reads;

        time.Advance(Tick);
        health.Xid(3, 79);
        time.Advance(Tick);
        var unhealthyAfterATick = !advertiser.Current.Devices.Single().Healthy;
        for (var elapsed = 2 * Tick; elapsed < DeviceAdvertiser.LayoutPeriod - Tick; elapsed += Tick)
        {
            time.Advance(Tick);
        }

        var readsWithinAPeriod = reads - start;
        time.Advance(Tick);

        Assert.True(unhealthyAfterATick);
        Assert.Equal(0, readsWithinAPeriod);
        Assert.Equal(1, reads - start);
    }
}
