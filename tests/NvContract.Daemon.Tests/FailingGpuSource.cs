using NvContract.Core.Gpu;

namespace NvContract.Daemon.Tests;

/// <summary>Wraps a source and fails the calls a test chooses, the way a driver error would.</summary>
public sealed class FailingGpuSource(IGpuSource inner) : IGpuSource
{
    public Func<int, Exception?> FailStatus { get; set; } = _ => null;

    public Exception? FailVersions { get; set; }

    public IReadOnlyList<GpuDevice> Devices => inner.Devices;

    public DriverVersions GetVersions() => FailVersions is { } e ? throw e : inner.GetVersions();

    public GpuStatus GetStatus(int index) => FailStatus(index) is { } e ? throw e : inner.GetStatus(index);

    public void Dispose() => inner.Dispose();
}
