using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Health;

namespace NvContract.DevicePlugin.Tests;

/// <summary>How the health monitor's states map to what the kubelet is told.</summary>
public sealed class MonitoredDeviceHealthTests
{
    public static TheoryData<Action<GpuHealthMonitor>, bool, string, string> Cases => new()
    {
        { m => m.Watching(0), true, "", "watched, no event" },
        { m => m.Unwatched(0, "no events"), true, "", "no events to watch: health follows the recovery action" },
        { m => { m.Watching(0); m.Xid(0, 13); }, true, "", "an application Xid leaves the GPU offered (Degraded)" },
        { m => { m.Watching(0); m.Xid(0, 48); }, false, "NeedsReset: Xid 48 (Double-bit ECC error)", "a Xid that needs a reset" },
        { m => { m.Watching(0); m.Lost(0, "NVML reports the GPU lost"); }, false, "Lost: NVML reports the GPU lost", "a lost GPU" },
        { m => m.WatchFailed(0, "boom"), false, "Unknown: event watch failed: boom; retrying", "a failed watch is never silently healthy" },
        { _ => { }, false, "Unknown: health watch starting", "before the watch starts" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_State_OfferedOrUnhealthyWithTheReason(Action<GpuHealthMonitor> events, bool healthy, string reason, string description)
    {
        using var monitor = new GpuHealthMonitor(["GPU-a", "GPU-b"], XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        monitor.Watching(1);
        events(monitor);

        var read = new MonitoredDeviceHealth(monitor).Read();

        Assert.True((healthy, reason) == read[0], $"{description}: {read[0]}");
        Assert.Equal((true, ""), read[1]);
    }
}
