using NvContract.Core.Gpu;

namespace NvContract.Core.Tests.Output;

/// <summary>
/// Two made-up devices whose text outputs (docs/v1-compatibility.md §4.2, §4.4) were produced
/// with v1's own templates: a Tesla K80 with every value, and a device with none.
/// </summary>
internal static class ReferenceMachine
{
    public static readonly DriverVersions Versions = new("375.26", "8.0");

    public static readonly GpuDevice K80 = new()
    {
        Uuid = "GPU-6a1b2c3d-0000-1111-2222-333344445555",
        Minor = 0,
        Model = "Tesla K80",
        PowerLimitWatts = 149,
        CpuAffinity = 0,
        Pci = new GpuPci("0000:05:00.0", 16384, PcieBandwidth.Of(3, 16)),
        MaxClocks = new GpuClocks(875, 2505),
        Peers = [new GpuPeerLink("0000:06:00.0", P2PLinkType.SingleSwitch)],
        Arch = new ComputeCapability(3, 7),
        Cores = new ComputeCapability(3, 7).Cores(13),
        Memory = new GpuMemory(true, 11439, 112, 64, 1536, GpuMemory.Bandwidth(2505 * 1000, 384)),
    };

    public static readonly GpuDevice Bare = new()
    {
        Uuid = "GPU-aaaa",
        Minor = 1,
        CpuAffinity = 1,
        Pci = new GpuPci("0000:06:00.0", null, null),
        Arch = new ComputeCapability(7, 0),
    };

    public static readonly GpuStatus K80Status = new()
    {
        PowerWatts = 57,
        TemperatureC = 34,
        Utilization = new GpuUtilization(0, 0, 0, 0),
        MemoryUsedMiB = 0,
        EccErrors = new GpuEccErrors(0, 0, 0),
        Clocks = new GpuClocks(562, 324),
        Bar1UsedMiB = 2,
        Throughput = new GpuThroughput(0, 0),
        Processes = [new GpuProcess(1234, "python", 105)],
    };
}
