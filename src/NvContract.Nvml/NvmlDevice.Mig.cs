using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>
/// Multi-Instance GPU queries. Every call may be missing from an older driver's library (MIG
/// arrived with R450, its attributes later): a missing symbol reads as "no MIG", never a failure.
/// </summary>
internal readonly unsafe partial struct NvmlDevice
{
    /// <summary>Wraps nvmlDeviceGetMigMode; true when the current mode is NVML_DEVICE_MIG_ENABLE.</summary>
    public bool? GetMigMode()
    {
        uint current, pending;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceGetMigMode(Handle, &current, &pending), nameof(nvmlDeviceGetMigMode))
                ? current == NVML_DEVICE_MIG_ENABLE
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetMaxMigDeviceCount (0 when MIG is off).</summary>
    public uint? GetMaxMigDeviceCount()
    {
        uint count;
        try
        {
            return Optional(nvmlDeviceGetMaxMigDeviceCount(Handle, &count), count, nameof(nvmlDeviceGetMaxMigDeviceCount));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Wraps nvmlDeviceGetMigDeviceHandleByIndex; null for an empty slot (NVML_ERROR_NOT_FOUND).
    /// A MIG handle is only good until the layout changes: NVML may hand the same handle to
    /// another instance later, so callers look it up again instead of keeping it.
    /// </summary>
    public NvmlDevice? GetMigDeviceHandleByIndex(uint index)
    {
        nvmlDevice_st* mig;
        nvmlReturn_t result;
        try
        {
            result = nvmlDeviceGetMigDeviceHandleByIndex(Handle, index, &mig);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        if (result == nvmlReturn_t.NVML_ERROR_NOT_FOUND)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetMigDeviceHandleByIndex)) ? new NvmlDevice(mig) : null;
    }

    /// <summary>Wraps nvmlDeviceGetGpuInstanceId (MIG devices only).</summary>
    public uint? GetGpuInstanceId()
    {
        uint id;
        try
        {
            return Optional(nvmlDeviceGetGpuInstanceId(Handle, &id), id, nameof(nvmlDeviceGetGpuInstanceId));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceGetComputeInstanceId (MIG devices only).</summary>
    public uint? GetComputeInstanceId()
    {
        uint id;
        try
        {
            return Optional(nvmlDeviceGetComputeInstanceId(Handle, &id), id, nameof(nvmlDeviceGetComputeInstanceId));
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlDeviceIsMigDeviceHandle; false where the driver cannot tell (no MIG).</summary>
    public bool IsMigDeviceHandle()
    {
        uint isMig;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceIsMigDeviceHandle(Handle, &isMig), nameof(nvmlDeviceIsMigDeviceHandle)) && isMig != 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Wraps nvmlDeviceGetDeviceHandleFromMigDeviceHandle: the parent GPU of a MIG device.</summary>
    public NvmlDevice? GetParentDevice()
    {
        nvmlDevice_st* parent;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Handle, &parent), nameof(nvmlDeviceGetDeviceHandleFromMigDeviceHandle))
                ? new NvmlDevice(parent)
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Wraps nvmlDeviceGetAttributes_v2 (MIG devices): the GPU- and compute-instance slice counts
    /// and the memory in MiB, from which a profile name is made.
    /// </summary>
    public (uint GpuInstanceSlices, uint ComputeInstanceSlices, ulong MemoryMiB)? GetAttributes()
    {
        nvmlDeviceAttributes_t attributes;
        try
        {
            return NvmlStatus.IsSupported(nvmlDeviceGetAttributes_v2(Handle, &attributes), nameof(nvmlDeviceGetAttributes_v2))
                ? (attributes.gpuInstanceSliceCount, attributes.computeInstanceSliceCount, attributes.memorySizeMB)
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }
}
