using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>What identifies a device and what it is.</summary>
internal readonly unsafe partial struct NvmlDevice
{
    /// <summary>Wraps nvmlDeviceGetName.</summary>
    public string? GetName()
    {
        var buffer = stackalloc byte[NVML_DEVICE_NAME_V2_BUFFER_SIZE];
        return NvmlStatus.IsSupported(nvmlDeviceGetName(Handle, buffer, NVML_DEVICE_NAME_V2_BUFFER_SIZE), nameof(nvmlDeviceGetName))
            ? NvmlText.Decode(buffer, NVML_DEVICE_NAME_V2_BUFFER_SIZE)
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetUUID.</summary>
    public string? GetUuid()
    {
        var buffer = stackalloc byte[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        return NvmlStatus.IsSupported(nvmlDeviceGetUUID(Handle, buffer, NVML_DEVICE_UUID_V2_BUFFER_SIZE), nameof(nvmlDeviceGetUUID))
            ? NvmlText.Decode(buffer, NVML_DEVICE_UUID_V2_BUFFER_SIZE)
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetMinorNumber.</summary>
    public uint? GetMinorNumber()
    {
        uint minor;
        return Optional(nvmlDeviceGetMinorNumber(Handle, &minor), minor, nameof(nvmlDeviceGetMinorNumber));
    }

    /// <summary>Wraps nvmlDeviceGetPciInfo_v3.</summary>
    public NvmlPciInfo? GetPciInfo()
    {
        nvmlPciInfo_t pci;
        if (!NvmlStatus.IsSupported(nvmlDeviceGetPciInfo_v3(Handle, &pci), nameof(nvmlDeviceGetPciInfo_v3)))
        {
            return null;
        }

        return new NvmlPciInfo(
            NvmlText.Decode(pci.busId, NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE),
            NvmlText.Decode(pci.busIdLegacy, NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE),
            pci.domain,
            pci.bus,
            pci.device);
    }

    /// <summary>Wraps nvmlDeviceGetCudaComputeCapability; null when not supported or absent from the driver.</summary>
    public (int Major, int Minor)? GetCudaComputeCapability()
    {
        int major, minor;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceGetCudaComputeCapability(Handle, &major, &minor), nameof(nvmlDeviceGetCudaComputeCapability))
                ? (major, minor)
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetArchitecture; null when not supported or absent from the driver.</summary>
    public uint? GetArchitecture()
    {
        uint arch;
        try
        {
            return Optional(nvmlDeviceGetArchitecture(Handle, &arch), arch, nameof(nvmlDeviceGetArchitecture));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetNumGpuCores (driver R520 and later); null when not supported or absent.</summary>
    public uint? GetNumGpuCores()
    {
        uint cores;
        try
        {
            return Optional(nvmlDeviceGetNumGpuCores(Handle, &cores), cores, nameof(nvmlDeviceGetNumGpuCores));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetNumaNodeId (recent drivers only); null when not supported or absent.</summary>
    public uint? GetNumaNodeId()
    {
        uint node;
        try
        {
            return Optional(nvmlDeviceGetNumaNodeId(Handle, &node), node, nameof(nvmlDeviceGetNumaNodeId));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }
}

/// <param name="BusId">The PCI bus id with NVML's 8-digit domain, e.g. <c>00000000:18:00.0</c>.</param>
/// <param name="BusIdLegacy">The same with a 4-digit domain, as sysfs names the device.</param>
internal sealed record NvmlPciInfo(string BusId, string BusIdLegacy, uint Domain, uint Bus, uint Device);
