using NvContract.Core.Gpu;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// Reads what is static about each device, once (docs/v1-compatibility.md §5.1).
/// v1's CUDA-runtime facts come from
/// NVML here: Arch from the compute capability, Cores from the core count, memory bandwidth
/// from the bus width, ECC from the current ECC mode, Global from the memory total. What NVML
/// cannot tell (shared, constant, L2 sizes) stays null.
/// </summary>
internal sealed class DeviceDiscovery(string sysRoot)
{
    private const long MiB = 1 << 20;

    public static NvmlDevice[] Handles()
    {
        var count = NvmlSystem.GetDeviceCount();
        var handles = new NvmlDevice[count];
        for (uint i = 0; i < count; i++)
        {
            handles[i] = NvmlSystem.GetDeviceByIndex(i);
        }

        return handles;
    }

    /// <summary>
    /// Only what names a device and its node: UUID, minor number and PCI bus id (the same three
    /// a full discovery requires). Names, limits, clocks, memory, NUMA nodes and links are left
    /// unknown: a one-shot CDI spec needs none of them, and reading them (sysfs included) costs
    /// a short process a third of its NVML time.
    /// </summary>
    public static GpuDevice[] Identities(NvmlDevice[] handles)
    {
        var devices = new GpuDevice[handles.Length];
        for (var i = 0; i < handles.Length; i++)
        {
            var device = handles[i];
            devices[i] = new GpuDevice
            {
                Uuid = device.GetUuid() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetUUID)),
                Minor = device.GetMinorNumber() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetMinorNumber)),
                Pci = new GpuPci((device.GetPciInfo() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetPciInfo_v3))).BusId, null, null),
            };
        }

        return devices;
    }

    public IReadOnlyList<GpuDevice> Discover(NvmlDevice[] handles)
    {
        var devices = new GpuDevice[handles.Length];
        var pcis = new NvmlPciInfo[handles.Length];
        for (var i = 0; i < handles.Length; i++)
        {
            (devices[i], pcis[i]) = Read(handles[i]);
        }

        var peers = Topology.Peers(handles, pcis);
        var nvLinks = NvLinks.Peers(handles, pcis);
        return devices.Select((d, i) => d with { Peers = peers[i], NvLinks = nvLinks[i] }).ToArray();
    }

    private (GpuDevice Device, NvmlPciInfo Pci) Read(NvmlDevice device)
    {
        var model = device.GetName();
        var uuid = device.GetUuid() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetUUID));
        var minor = device.GetMinorNumber() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetMinorNumber));
        var powerLimit = device.GetPowerManagementLimit();
        var pci = device.GetPciInfo() ?? throw new UnsupportedGpuDeviceException(nameof(NvmlNative.nvmlDeviceGetPciInfo_v3));
        var bar1 = device.GetBar1MemoryInfo();
        var (linkGeneration, linkWidth) = PcieLink(device);
        var maxClocks = MaxClocks(device);
        var affinity = CpuAffinity.Read(sysRoot, pci, device);
        var capability = device.GetCudaComputeCapability();
        var cores = device.GetNumGpuCores();
        var ecc = device.GetEccMode();
        var memory = device.GetMemoryInfo();
        var busWidth = device.GetMemoryBusWidth();

        var gpu = new GpuDevice
        {
            Uuid = uuid,
            Minor = minor,
            Model = model,
            PowerLimitWatts = powerLimit / 1000,
            CpuAffinity = affinity,
            Pci = new GpuPci(pci.BusId, (long?)(bar1?.Total / MiB), PcieBandwidth.Of((int?)linkGeneration, (int?)linkWidth)),
            MaxClocks = maxClocks,
            Arch = capability is { } c ? new ComputeCapability(c.Major, c.Minor) : null,
            Cores = cores,
            Memory = new GpuMemory(
                ecc,
                (long?)(memory?.Total / MiB),
                SharedKiB: null,
                ConstantKiB: null,
                L2CacheKiB: null,
                GpuMemory.Bandwidth(maxClocks.MemoryMHz * 1000, busWidth)),
        };
        return (gpu, pci);
    }

    // v1's group rule: "not supported" on the first call nulls the group; on the second it is an error.
    private static (uint? Generation, uint? Width) PcieLink(NvmlDevice device)
    {
        if (device.GetMaxPcieLinkGeneration() is not { } generation)
        {
            return (null, null);
        }

        return (generation, device.GetMaxPcieLinkWidth() ?? throw NvmlStatus.NotSupported(nameof(NvmlNative.nvmlDeviceGetMaxPcieLinkWidth)));
    }

    private static GpuClocks MaxClocks(NvmlDevice device)
    {
        if (device.GetMaxClockInfo(nvmlClockType_t.NVML_CLOCK_SM) is not { } sm)
        {
            return GpuClocks.Unknown;
        }

        var memory = device.GetMaxClockInfo(nvmlClockType_t.NVML_CLOCK_MEM) ?? throw NvmlStatus.NotSupported(nameof(NvmlNative.nvmlDeviceGetMaxClockInfo));
        return new GpuClocks(sm, memory);
    }
}
