using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Tests.Metrics;

/// <summary>A GPU source whose values tests set, counting every read; a device may be made to fail.</summary>
internal sealed class TestGpus(int count) : IGpuSource
{
    private int _statusReads;
    private int _telemetryReads;

    public IReadOnlyList<GpuDevice> Devices { get; } = Enumerable.Range(0, count)
        .Select(i => new GpuDevice { Uuid = $"GPU-{i}", Minor = (uint)(i ^ 1), Model = "Test \"GPU\"", Pci = new GpuPci($"00000000:{i:X2}:00.0", null, null) })
        .ToList();

    public int StatusReads => _statusReads;

    public int TelemetryReads => _telemetryReads;

    /// <summary>A device whose reads throw.</summary>
    public int? Failing { get; set; }

    public Func<int, GpuStatus> Status { get; set; } = i => new GpuStatus { TemperatureC = 30 + i };

    public Func<int, GpuTelemetry> Telemetry { get; set; } = _ => GpuTelemetry.Unknown;

    /// <summary>The MIG layout the source reports.</summary>
    public IReadOnlyList<MigDevice> MigDevices { get; set; } = [];

    public Func<MigDevice, MigStatus> MigStatuses { get; set; } = _ => MigStatus.Unknown;

    public MigStatus GetMigStatus(MigDevice mig) => MigStatuses(mig);

    public DriverVersions GetVersions() => new("550.54.15", "12.4");

    public GpuStatus GetStatus(int index)
    {
        Interlocked.Increment(ref _statusReads);
        return index == Failing ? throw new InvalidOperationException("nvml: Unknown Error") : Status(index);
    }

    public GpuTelemetry GetTelemetry(int index)
    {
        Interlocked.Increment(ref _telemetryReads);
        return index == Failing ? throw new InvalidOperationException("nvml: Unknown Error") : Telemetry(index);
    }

    public void Dispose()
    {
    }
}
