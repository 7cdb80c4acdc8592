using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Metrics;
using NvContract.Core.Mig;
using NvContract.Core.Tests.Metrics;
using NvContract.Testing;

namespace NvContract.Core.Tests.Mig;

/// <summary>MIG devices in /metrics (dcgm-exporter's GPU_I_ID and GPU_I_PROFILE) and Xids attributed to them.</summary>
public sealed class MigMetricsTests
{
    private const string Gpu0Labels = "gpu=\"0\",UUID=\"GPU-0\",pci_bus_id=\"00000000:00:00.0\",device=\"nvidia1\",modelName=\"Test \\\"GPU\\\"\",Hostname=\"host-1\",DCGM_FI_DRIVER_VERSION=\"550.54.15\"";

    private static readonly MigDevice Small = new()
    {
        ParentIndex = 0, ParentMinor = 1, ParentUuid = "GPU-0", Index = 0, GpuInstanceId = 9, ComputeInstanceId = 0, Profile = "1g.10gb", MemoryMiB = 9856, Uuid = "MIG-a",
    };

    [Fact]
    public async Task ReadAsync_MigDevices_FramebufferSeriesPerInstanceWithDcgmLabels()
    {
        var gpus = new TestGpus(2)
        {
            MigDevices = [Small, Small with { Index = 1, GpuInstanceId = 2, Profile = "3g.40gb", MemoryMiB = 40192, Uuid = "MIG-b" }],
            MigStatuses = m => new MigStatus { MemoryUsedMiB = m.GpuInstanceId * 100, MemoryTotalMiB = m.MemoryMiB },
        };
        using var health = Watched(gpus, NullLogger.Instance);

        var text = await Text(gpus, health);

        Assert.Contains($"\nDCGM_FI_DEV_FB_USED{{{Gpu0Labels},GPU_I_PROFILE=\"1g.10gb\",GPU_I_ID=\"9\"}} 900\n", text);
        Assert.Contains($"\nDCGM_FI_DEV_FB_FREE{{{Gpu0Labels},GPU_I_PROFILE=\"1g.10gb\",GPU_I_ID=\"9\"}} 8956\n", text);
        Assert.Contains($"\nDCGM_FI_DEV_FB_USED{{{Gpu0Labels},GPU_I_PROFILE=\"3g.40gb\",GPU_I_ID=\"2\"}} 200\n", text);
        Assert.DoesNotContain("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-0\",pci_bus_id=\"00000000:00:00.0\",device=\"nvidia1\",modelName=\"Test \\\"GPU\\\"\",Hostname=\"host-1\",DCGM_FI_DRIVER_VERSION=\"550.54.15\",GPU_I", text);
    }

    [Fact]
    public async Task ReadAsync_MigStatusUnknown_NoFramebufferSeriesForIt()
    {
        var gpus = new TestGpus(1) { MigDevices = [Small] };
        using var health = Watched(gpus, NullLogger.Instance);

        Assert.DoesNotContain("GPU_I_ID", await Text(gpus, health));
    }

    [Fact]
    public async Task Xid_AttributedToMigInstance_CountedWithItsGpuInstanceAndSaidInTheReason()
    {
        var gpus = new TestGpus(1);
        using var health = Watched(gpus, NullLogger.Instance);

        health.Xid(0, 31, new MigInstance(9, 0), inMigMode: true);
        Assert.Contains("on MIG instance GI 9 CI 0", health.Snapshot.Gpus[0].Reason);
        health.Xid(0, 31, instance: null, inMigMode: false);

        var text = await Text(gpus, health);
        Assert.Contains("\nxid_events_total{gpu=\"0\",UUID=\"GPU-0\",xid=\"31\",action=\"RESTART_APP\",GPU_I_ID=\"9\"} 1\n", text);
        Assert.Contains("\nxid_events_total{gpu=\"0\",UUID=\"GPU-0\",xid=\"31\",action=\"RESTART_APP\"} 1\n", text);
    }

    [Fact]
    public void Xid_GpuInMigModeWithoutInstanceIds_LoggedAsNotAttributable()
    {
        using var logs = new LogCapture();
        var gpus = new TestGpus(1);
        using var health = Watched(gpus, logs.Factory.CreateLogger("test"));

        health.Xid(0, 79, instance: null, inMigMode: true);

        Assert.Contains(logs.Lines, m => m.Contains("cannot be attributed to a MIG device", StringComparison.Ordinal));
        Assert.Contains("(not attributable to a MIG device)", health.Snapshot.Gpus[0].Reason);
    }

    private static GpuHealthMonitor Watched(TestGpus gpus, ILogger logger)
    {
        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, logger);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
            health.RecoveryActionRead(i, RecoveryAction.None);
        }

        return health;
    }

    private static async Task<string> Text(TestGpus gpus, GpuHealthMonitor health)
    {
        var time = new FakeTimeProvider();
        var sampler = new MetricsSampler(gpus, new GpuStatusSampler(gpus, TimeSpan.FromSeconds(1), time), TimeSpan.FromSeconds(1), new ContainerIds("/nonexistent"), NullLogger.Instance, time);
        var body = await new MetricsExposition(gpus, sampler, health, "host-1").ReadAsync();
        return Encoding.UTF8.GetString(body.Text);
    }
}
