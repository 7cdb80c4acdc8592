using NvContract.Core.Gpu;

namespace NvContract.Core.Metrics;

/// <summary>
/// One sweep of the driver for metrics: per GPU its status and telemetry (null where reading that
/// GPU failed: its series are left out), the driver version, the containers owning the GPU
/// processes, and the daemon's own process figures. Immutable.
/// </summary>
public sealed record MetricsSample(
    IReadOnlyList<GpuStatus?> Statuses,
    IReadOnlyList<GpuTelemetry?> Telemetry,
    DriverVersions? Versions,
    IReadOnlyDictionary<long, string> Containers,
    ProcessFigures Process,
    long Timestamp);
