using NvContract.Core.Health;
using NvContract.Nvml.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace NvContract.Nvml.Tests;

/// <summary>
/// The event watcher over the fake library's built-in events (GPU 0 reports one Xid 79 per
/// event set). Injected events and failures need the fake's environment, set for a daemon
/// process: see the daemon's health tests.
/// </summary>
[Collection(NvmlCollection.Name)]
public sealed class NvmlHealthWatcherTests
{
    [Fact]
    public async Task WatchHealth_XidOnGpu0_OnlyGpu0NeedsAReboot()
    {
        using var source = FakeNvml.Open("default", gpus: 4);
        using var health = new GpuHealthMonitor(source.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);

        using (source.WatchHealth(health))
        {
            await Until(() => health.Snapshot.Gpus[0].State == GpuHealthState.NeedsReboot && health.Snapshot.Gpus.All(g => g.RecoveryAction is not null));
        }

        var gpus = health.Snapshot.Gpus;
        Assert.Equal([GpuHealthState.NeedsReboot, GpuHealthState.Healthy, GpuHealthState.Healthy, GpuHealthState.Healthy], gpus.Select(g => g.State));
        Assert.Equal([new XidCount(79, XidAction.RestartBm, 1)], gpus[0].Xids);
        Assert.All(gpus, g => Assert.True(g.Watched));
        Assert.All(gpus, g => Assert.Equal(RecoveryAction.None, g.RecoveryAction));
    }

    [Fact]
    public async Task WatchHealth_GpusWithoutEvents_AreUnwatchedAndHealthy()
    {
        using var source = FakeNvml.Open("unsupported", gpus: 2);
        using var health = new GpuHealthMonitor(source.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);

        using (source.WatchHealth(health))
        {
            await Until(() => health.Snapshot.Gpus.All(g => g.State != GpuHealthState.Unknown));
        }

        var gpus = health.Snapshot.Gpus;
        Assert.True(gpus[0].Watched);
        Assert.False(gpus[1].Watched);
        Assert.Equal(GpuHealthState.Healthy, gpus[1].State);
        Assert.Equal("the GPU reports no Xid events; its health follows NVML's recovery action alone", gpus[1].Reason);
    }

    [Fact]
    public void WatchHealth_Disposed_StopsEveryThreadWithinAWait()
    {
        using var source = FakeNvml.Open("default", gpus: 8);
        using var health = new GpuHealthMonitor(source.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        var watch = source.WatchHealth(health);

        watch.Dispose();
        FakeNvml.ResetCallCount();
        Thread.Sleep(300);

        Assert.Equal(0UL, FakeNvml.CallCount);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "the condition did not hold within 30 s");
    }
}
