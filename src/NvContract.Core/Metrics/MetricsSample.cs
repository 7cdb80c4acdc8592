using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Metrics;

/// <summary>
/// One sweep of the driver for metrics: per GPU its status and telemetry (null where reading that
/// GPU failed: its series are left out), the driver version, the containers owning the GPU
/// processes, the daemon's own process figures, and the MIG devices of the layout at the sweep
/// with their status. Immutable.
/// </summary>
public sealed record MetricsSample(
    IReadOnlyList<GpuStatus?> Statuses,
    IReadOnlyList<GpuTelemetry?> Telemetry,
    DriverVersions? Versions,
    IReadOnlyDictionary<long, string> Containers,
    ProcessFigures Process,
    long Timestamp,
    IReadOnlyList<MigSample>? Migs = null)
{
    /// <summary>The MIG devices and their status; empty when there are none (or reading them failed).</summary>
    public IReadOnlyList<MigSample> MigDevices => Migs ?? [];
}

/// <summary>One MIG device and its status at a sweep.</summary>
public sealed record MigSample(MigDevice Device, MigStatus Status);
