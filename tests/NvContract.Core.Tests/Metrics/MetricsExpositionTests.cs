using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Metrics;

namespace NvContract.Core.Tests.Metrics;

public class MetricsExpositionTests
{
    private const string Gpu0Labels = "gpu=\"0\",UUID=\"GPU-0\",pci_bus_id=\"00000000:00:00.0\",device=\"nvidia1\",modelName=\"Test \\\"GPU\\\"\",Hostname=\"host-1\",DCGM_FI_DRIVER_VERSION=\"550.54.15\"";

    private static readonly GpuStatus FullStatus = new()
    {
        PowerWatts = 612,
        TemperatureC = 58,
        Utilization = new GpuUtilization(97, 61, 0, 3),
        MemoryUsedMiB = 76214,
        Clocks = new GpuClocks(1980, 2619),
        Bar1UsedMiB = 38,
        Processes = [new GpuProcess(48213, "python3", 75688)],
    };

    private static readonly GpuTelemetry FullTelemetry = new()
    {
        PowerMilliwatts = 612345,
        EnergyMillijoules = 123456789,
        MemoryTemperatureC = 64,
        Framebuffer = new GpuFramebuffer(4800, 76214, 545),
        PcieReplays = 2,
        Ecc = new GpuEccTotals(10, 0, 1000, 100),
        RemappedRows = new GpuRemappedRows(1, 0, true, false),
    };

    [Fact]
    public async Task ReadAsync_EverythingKnown_WritesEveryFamilyForEveryGpu()
    {
        var gpus = new TestGpus(2) { Status = _ => FullStatus, Telemetry = _ => FullTelemetry };
        using var health = Watched(gpus);
        health.Xid(1, 13);

        var text = Text(await Exposition(gpus, health).ReadAsync());

        foreach (var family in MetricsExposition.Families)
        {
            Assert.Contains($"# TYPE {family.Name} {family.Type}\n", text);
        }

        var gpuFamilies = MetricsExposition.Families.Where(f => f.Name.StartsWith("DCGM_", StringComparison.Ordinal) || f.Name.StartsWith("gpu_", StringComparison.Ordinal));
        foreach (var family in gpuFamilies)
        {
            Assert.Contains($"\n{family.Name}{{gpu=\"0\"", text);
            Assert.Contains($"\n{family.Name}{{gpu=\"1\"", text);
        }

        Assert.Contains($"\nDCGM_FI_DEV_POWER_USAGE{{{Gpu0Labels}}} 612.345\n", text);
        Assert.Contains($"\nDCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{{{Gpu0Labels}}} 123456789\n", text);
        Assert.Contains($"\nDCGM_FI_DEV_ROW_REMAP_PENDING{{{Gpu0Labels}}} 1\n", text);
        Assert.Contains("\ngpu_process_memory_used_bytes{gpu=\"0\",UUID=\"GPU-0\",pid=\"48213\",process_name=\"python3\",container_id=\"\"} 79364620288\n", text);
        Assert.Contains("\nxid_events_total{gpu=\"1\",UUID=\"GPU-1\",xid=\"13\",action=\"RESTART_APP\"} 1\n", text);
        Assert.Contains("\ngpu_healthy{gpu=\"1\",UUID=\"GPU-1\",state=\"Degraded\",reason=\"Xid 13 (Graphics engine exception)\"} 1\n", text);
        Assert.Contains($"\nDCGM_FI_DEV_XID_ERRORS{{{Gpu0Labels}}} 0\n", text);
    }

    [Fact]
    public async Task ReadAsync_ValuesTheDriverCannotReport_AreAbsentNotZero()
    {
        var gpus = new TestGpus(2) { Status = i => i == 0 ? FullStatus : GpuStatus.Unknown, Telemetry = i => i == 0 ? FullTelemetry : GpuTelemetry.Unknown };
        using var health = new GpuHealthMonitor(["GPU-0", "GPU-1"], XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        health.Unwatched(0, "no events");
        health.Unwatched(1, "no events");

        var text = Text(await Exposition(gpus, health).ReadAsync());

        Assert.Contains("\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\"", text);
        Assert.DoesNotContain("{gpu=\"1\",UUID=\"GPU-1\",pci_bus_id", text);
        Assert.DoesNotContain("DCGM_FI_DEV_XID_ERRORS", text);
        Assert.DoesNotContain("gpu_recovery_action", text);
    }

    [Fact]
    public async Task ReadAsync_NoFamilyHasValues_WritesNoHeaderForIt()
    {
        var gpus = new TestGpus(1) { Status = _ => GpuStatus.Unknown };
        using var health = Watched(gpus);

        var text = Text(await Exposition(gpus, health).ReadAsync());

        Assert.DoesNotContain("DCGM_FI_DEV_GPU_TEMP", text);
        Assert.DoesNotContain("gpu_process_memory_used_bytes", text);
    }

    [Fact]
    public async Task ReadAsync_NothingChanged_ServesTheSameEncodedBody_HealthChangeReencodes()
    {
        var gpus = new TestGpus(2);
        using var health = Watched(gpus);
        var exposition = Exposition(gpus, health);
        var first = await exposition.ReadAsync();

        var again = await exposition.ReadAsync();
        health.Xid(0, 79);
        var afterXid = await exposition.ReadAsync();

        Assert.Same(first, again);
        Assert.NotSame(first, afterXid);
        Assert.Contains("state=\"NeedsReboot\"", Text(afterXid));
        Assert.Equal(2, gpus.StatusReads);
    }

    [Fact]
    public async Task Gzip_DecompressesToTheText()
    {
        var gpus = new TestGpus(8) { Status = _ => FullStatus, Telemetry = _ => FullTelemetry };
        using var health = Watched(gpus);
        var body = await Exposition(gpus, health).ReadAsync();

        using var gzip = new GZipStream(new MemoryStream(body.Gzip), CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        gzip.CopyTo(decompressed);

        Assert.Equal(body.Text, decompressed.ToArray());
        Assert.Same(body.Gzip, body.Gzip);
    }

    [Fact]
    public async Task Gzip_RacingCallers_ShareOneCompression()
    {
        var gpus = new TestGpus(8) { Status = _ => FullStatus, Telemetry = _ => FullTelemetry };
        using var health = Watched(gpus);
        var body = await Exposition(gpus, health).ReadAsync();
        const int callers = 8;
        using var start = new Barrier(callers);

        // As when a new body meets many concurrent scrapes: each would otherwise compress it itself.
        var results = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return body.Gzip;
            },
            TaskCreationOptions.LongRunning)));

        Assert.All(results, gzip => Assert.Same(results[0], gzip));
    }

    private static GpuHealthMonitor Watched(TestGpus gpus)
    {
        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
            health.RecoveryActionRead(i, RecoveryAction.None);
        }

        return health;
    }

    private static MetricsExposition Exposition(TestGpus gpus, GpuHealthMonitor health)
    {
        var time = new FakeTimeProvider();
        var sampler = new MetricsSampler(gpus, new GpuStatusSampler(gpus, TimeSpan.FromSeconds(1), time), TimeSpan.FromSeconds(1), new ContainerIds("/nonexistent"), NullLogger.Instance, time);
        return new MetricsExposition(gpus, sampler, health, "host-1");
    }

    private static string Text(MetricsExposition.Body body) => Encoding.UTF8.GetString(body.Text);
}
