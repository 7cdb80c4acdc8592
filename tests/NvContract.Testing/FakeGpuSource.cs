using NvContract.Core.Gpu;

namespace NvContract.Testing;

/// <summary>A GPU source with no devices whose driver version a test can change, as a driver upgrade would.</summary>
public sealed class FakeGpuSource(string driver) : IGpuSource
{
    public string Driver { get; set; } = driver;

    public IReadOnlyList<GpuDevice> Devices => [];

    public DriverVersions GetVersions() => new(Driver, "12.4");

    public GpuStatus GetStatus(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    public void Dispose()
    {
    }
}
