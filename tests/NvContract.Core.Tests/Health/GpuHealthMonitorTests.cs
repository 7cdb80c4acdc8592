using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Health;
using NvContract.Testing;

namespace NvContract.Core.Tests.Health;

public sealed class GpuHealthMonitorTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _logs = new();
    private readonly GpuHealthMonitor _health;

    public GpuHealthMonitorTests()
    {
        _health = new GpuHealthMonitor(["GPU-0", "GPU-1", "GPU-2"], XidPolicy.BuiltIn, Quiet, _logs.Factory.CreateLogger("test"), _time);
        for (var i = 0; i < 3; i++)
        {
            _health.Watching(i);
        }
    }

    public void Dispose() => _health.Dispose();

    [Fact]
    public void Snapshot_BeforeTheWatchStarts_IsUnknownNotHealthy()
    {
        using var health = new GpuHealthMonitor(["GPU-0"], XidPolicy.BuiltIn, Quiet, _logs.Factory.CreateLogger("test"), _time);

        Assert.Equal(GpuHealthState.Unknown, health.Snapshot.Gpus[0].State);
        Assert.Equal("health watch starting", health.Snapshot.Gpus[0].Reason);
    }

    [Theory]
    [InlineData(13, GpuHealthState.Degraded, "an application Xid: only the application must restart")]
    [InlineData(43, GpuHealthState.Healthy, "an ignorable Xid")]
    [InlineData(48, GpuHealthState.NeedsReset, "a double-bit ECC error")]
    [InlineData(79, GpuHealthState.NeedsReboot, "fallen off the bus")]
    [InlineData(9999, GpuHealthState.NeedsReset, "an Xid the policy does not list")]
    public void Xid_OnOneGpu_SetsItsStateByPolicyAndNoOtherGpus(int xid, GpuHealthState expected, string description)
    {
        _health.Xid(2, xid);

        var gpus = _health.Snapshot.Gpus;
        Assert.True(expected == gpus[2].State, description);
        Assert.Equal(xid, gpus[2].LastXid);
        Assert.Equal(_time.GetUtcNow(), gpus[2].LastXidAt);
        Assert.Equal([GpuHealthState.Healthy, GpuHealthState.Healthy], gpus.Take(2).Select(g => g.State));
    }

    [Fact]
    public void Xid_LessSevereAfterFatal_KeepsTheWorseStateAndCountsBoth()
    {
        _health.Xid(1, 79);
        _health.Xid(1, 13);
        _health.Xid(1, 13);

        var gpu = _health.Snapshot.Gpus[1];
        Assert.Equal(GpuHealthState.NeedsReboot, gpu.State);
        Assert.Equal("Xid 79 (GPU has fallen off the bus)", gpu.Reason);
        Assert.Equal([new XidCount(13, XidAction.RestartApp, 2), new XidCount(79, XidAction.RestartBm, 1)], gpu.Xids);
        Assert.Equal(13, gpu.LastXid);
    }

    [Fact]
    public void RecoveryAction_ReadsNoneAgain_ReturnsToHealthy()
    {
        _health.RecoveryActionRead(0, RecoveryAction.None);
        _health.Xid(0, 79);
        _health.RecoveryActionRead(0, RecoveryAction.NodeReboot);
        Assert.Equal(GpuHealthState.NeedsReboot, _health.Snapshot.Gpus[0].State);

        _health.RecoveryActionRead(0, RecoveryAction.None);

        Assert.Equal(GpuHealthState.Healthy, _health.Snapshot.Gpus[0].State);
        Assert.Single(_health.Snapshot.Gpus[0].Xids);
    }

    [Theory]
    [InlineData(RecoveryAction.GpuReset, GpuHealthState.NeedsReset, "NVML recovery action GPU_RESET")]
    [InlineData(RecoveryAction.NodeReboot, GpuHealthState.NeedsReboot, "NVML recovery action NODE_REBOOT")]
    [InlineData(RecoveryAction.DrainP2P, GpuHealthState.NeedsReset, "NVML recovery action DRAIN_P2P")]
    [InlineData(RecoveryAction.DrainAndReset, GpuHealthState.NeedsReset, "NVML recovery action DRAIN_AND_RESET")]
    [InlineData(7L, GpuHealthState.NeedsReset, "NVML recovery action 7")]
    public void RecoveryAction_AskingForSomething_SetsTheStateWithoutAnXid(long action, GpuHealthState expected, string reason)
    {
        _health.RecoveryActionRead(0, action);

        Assert.Equal((expected, reason), (_health.Snapshot.Gpus[0].State, _health.Snapshot.Gpus[0].Reason));
    }

    [Fact]
    public void QuietPeriod_WithoutNewXid_ClearsWhatXidsAskedFor()
    {
        _health.Xid(0, 48);
        _time.Advance(Quiet - TimeSpan.FromSeconds(1));
        Assert.Equal(GpuHealthState.NeedsReset, _health.Snapshot.Gpus[0].State);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(GpuHealthState.Healthy, _health.Snapshot.Gpus[0].State);
    }

    [Fact]
    public void QuietPeriod_NewXidMeanwhile_StartsOver()
    {
        _health.Xid(0, 13);
        _time.Advance(Quiet / 2);
        _health.Xid(0, 13);
        _time.Advance(Quiet / 2);

        Assert.Equal(GpuHealthState.Degraded, _health.Snapshot.Gpus[0].State);
        _time.Advance(Quiet / 2);
        Assert.Equal(GpuHealthState.Healthy, _health.Snapshot.Gpus[0].State);
    }

    [Fact]
    public void QuietPeriod_RecoveryActionStillAsking_KeepsTheState()
    {
        _health.Xid(0, 79);
        _health.RecoveryActionRead(0, RecoveryAction.NodeReboot);

        _time.Advance(Quiet);

        Assert.Equal(GpuHealthState.NeedsReboot, _health.Snapshot.Gpus[0].State);
        Assert.Equal("NVML recovery action NODE_REBOOT", _health.Snapshot.Gpus[0].Reason);
    }

    [Fact]
    public void WatchFailed_OnOneGpu_OnlyItIsUnknownUntilRestored()
    {
        _health.WatchFailed(1, "nvml: Unknown Error");

        Assert.Equal([GpuHealthState.Healthy, GpuHealthState.Unknown, GpuHealthState.Healthy], _health.Snapshot.Gpus.Select(g => g.State));
        Assert.Equal("event watch failed: nvml: Unknown Error; retrying", _health.Snapshot.Gpus[1].Reason);

        _health.Watching(1);

        Assert.Equal(GpuHealthState.Healthy, _health.Snapshot.Gpus[1].State);
    }

    [Fact]
    public void WatchFailed_GpuAlreadyNeedingReset_KeepsTheKnownWorseState()
    {
        _health.Xid(1, 95);

        _health.WatchFailed(1, "nvml: Unknown Error");

        Assert.Equal(GpuHealthState.NeedsReset, _health.Snapshot.Gpus[1].State);
    }

    [Fact]
    public void Lost_ThenResetSeen_ReturnsToHealthy()
    {
        _health.Xid(2, 79);
        _health.Lost(2, "NVML reports the GPU lost");
        Assert.Equal((GpuHealthState.Lost, "NVML reports the GPU lost"), (_health.Snapshot.Gpus[2].State, _health.Snapshot.Gpus[2].Reason));

        _health.ResetSeen(2);

        Assert.Equal(GpuHealthState.Healthy, _health.Snapshot.Gpus[2].State);
    }

    [Fact]
    public void Unwatched_IsHealthyWithTheReasonSaid()
    {
        _health.Unwatched(0, "the GPU reports no Xid events");

        Assert.Equal((GpuHealthState.Healthy, "the GPU reports no Xid events", false), (_health.Snapshot.Gpus[0].State, _health.Snapshot.Gpus[0].Reason, _health.Snapshot.Gpus[0].Watched));
    }

    [Fact]
    public void Snapshot_Version_GrowsWithEveryChangeAndStaysOtherwise()
    {
        var before = _health.Snapshot;
        Assert.Same(before, _health.Snapshot);

        _health.Xid(0, 43);

        Assert.Equal(before.Version + 1, _health.Snapshot.Version);
    }

    [Fact]
    public void Transitions_AreLoggedOnceEachWithXidTimeAndAction()
    {
        _health.Xid(2, 79);
        _health.Xid(2, 79);
        _health.RecoveryActionRead(2, RecoveryAction.NodeReboot);
        _health.RecoveryActionRead(2, RecoveryAction.None);

        Assert.Equal(
            [
                "GPU 2 (GPU-2) health: Healthy -> NeedsReboot: Xid 79 (GPU has fallen off the bus) at 2026-11-30T12:00:00Z, action RESTART_BM; recommended action RESTART_BM",
                "GPU 2 (GPU-2) health: NeedsReboot -> Healthy: NVML recovery action reads NONE again; recommended action NONE",
            ],
            _logs.Lines);
    }
}
