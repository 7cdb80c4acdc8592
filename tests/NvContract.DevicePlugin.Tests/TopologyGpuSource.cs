using NvContract.Core.Gpu;

namespace NvContract.DevicePlugin.Tests;

/// <summary>A GPU source over chosen devices whose NVML can be made to fail, as a driver that went away.</summary>
internal sealed class TopologyGpuSource(IReadOnlyList<GpuDevice> devices) : IGpuSource
{
    public IReadOnlyList<GpuDevice> Devices => devices;

    /// <summary>While set, every NVML call fails with this message.</summary>
    public string? NvmlFailure { get; set; }

    public string Driver { get; set; } = "550.54.15";

    public DriverVersions GetVersions() => NvmlFailure is { } failure ? throw new InvalidOperationException(failure) : new DriverVersions(Driver, "12.4");

    public GpuStatus GetStatus(int index) => throw new NotSupportedException("status is not part of these tests");

    public void Dispose()
    {
    }
}
