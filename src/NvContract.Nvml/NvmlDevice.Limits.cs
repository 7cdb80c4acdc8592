using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>Static limits of a device: read once at discovery.</summary>
internal readonly unsafe partial struct NvmlDevice
{
    /// <summary>Wraps nvmlDeviceGetPowerManagementLimit (mW).</summary>
    public uint? GetPowerManagementLimit()
    {
        uint limit;
        return Optional(nvmlDeviceGetPowerManagementLimit(Handle, &limit), limit, nameof(nvmlDeviceGetPowerManagementLimit));
    }

    /// <summary>Wraps nvmlDeviceGetBAR1MemoryInfo (bytes).</summary>
    public (ulong Total, ulong Free, ulong Used)? GetBar1MemoryInfo()
    {
        nvmlBAR1Memory_t bar1;
        return NvmlStatus.IsSupported(nvmlDeviceGetBAR1MemoryInfo(Handle, &bar1), nameof(nvmlDeviceGetBAR1MemoryInfo))
            ? (bar1.bar1Total, bar1.bar1Free, bar1.bar1Used)
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetMaxPcieLinkGeneration.</summary>
    public uint? GetMaxPcieLinkGeneration()
    {
        uint generation;
        return Optional(nvmlDeviceGetMaxPcieLinkGeneration(Handle, &generation), generation, nameof(nvmlDeviceGetMaxPcieLinkGeneration));
    }

    /// <summary>Wraps nvmlDeviceGetMaxPcieLinkWidth.</summary>
    public uint? GetMaxPcieLinkWidth()
    {
        uint width;
        return Optional(nvmlDeviceGetMaxPcieLinkWidth(Handle, &width), width, nameof(nvmlDeviceGetMaxPcieLinkWidth));
    }

    /// <summary>Wraps nvmlDeviceGetMaxClockInfo (MHz).</summary>
    public uint? GetMaxClockInfo(nvmlClockType_t type)
    {
        uint clock;
        return Optional(nvmlDeviceGetMaxClockInfo(Handle, type, &clock), clock, nameof(nvmlDeviceGetMaxClockInfo));
    }

    /// <summary>Wraps nvmlDeviceGetMemoryBusWidth (bits; driver R520 and later); null when not supported or absent.</summary>
    public uint? GetMemoryBusWidth()
    {
        uint width;
        try
        {
            return Optional(nvmlDeviceGetMemoryBusWidth(Handle, &width), width, nameof(nvmlDeviceGetMemoryBusWidth));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetEccMode; the current mode.</summary>
    public bool? GetEccMode()
    {
        nvmlEnableState_t current, pending;
        return NvmlStatus.IsSupported(nvmlDeviceGetEccMode(Handle, &current, &pending), nameof(nvmlDeviceGetEccMode))
            ? current == nvmlEnableState_t.NVML_FEATURE_ENABLED
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetTopologyCommonAncestor.</summary>
    public nvmlGpuTopologyLevel_t? GetTopologyCommonAncestor(NvmlDevice other)
    {
        nvmlGpuTopologyLevel_t level;
        return NvmlStatus.IsSupported(nvmlDeviceGetTopologyCommonAncestor(Handle, other.Handle, &level), nameof(nvmlDeviceGetTopologyCommonAncestor))
            ? level
            : null;
    }

    /// <summary>
    /// Wraps nvmlDeviceGetP2PStatus (driver R384 and later): whether this device and
    /// <paramref name="other"/> can use the capability <paramref name="index"/> peer-to-peer.
    /// Null when the driver cannot tell (not supported, or a driver without the call).
    /// </summary>
    public nvmlGpuP2PStatus_t? GetP2PStatus(NvmlDevice other, nvmlGpuP2PCapsIndex_t index)
    {
        nvmlGpuP2PStatus_t status;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceGetP2PStatus(Handle, other.Handle, index, &status), nameof(nvmlDeviceGetP2PStatus))
                ? status
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }
}
