using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>Multi-Instance GPU queries.</summary>
internal readonly unsafe partial struct NvmlDevice
{
    /// <summary>Wraps nvmlDeviceGetMigMode; true when the current mode is NVML_DEVICE_MIG_ENABLE.</summary>
    public bool? GetMigMode()
    {
        uint current, pending;
        return NvmlStatus.IsSupported(nvmlDeviceGetMigMode(Handle, &current, &pending), nameof(nvmlDeviceGetMigMode))
            ? current == NVML_DEVICE_MIG_ENABLE
            : null;
    }

    /// <summary>Wraps nvmlDeviceGetMaxMigDeviceCount.</summary>
    public uint? GetMaxMigDeviceCount()
    {
        uint count;
        return Optional(nvmlDeviceGetMaxMigDeviceCount(Handle, &count), count, nameof(nvmlDeviceGetMaxMigDeviceCount));
    }

    /// <summary>Wraps nvmlDeviceGetMigDeviceHandleByIndex; null for an empty slot (NVML_ERROR_NOT_FOUND).</summary>
    public NvmlDevice? GetMigDeviceHandleByIndex(uint index)
    {
        nvmlDevice_st* mig;
        var result = nvmlDeviceGetMigDeviceHandleByIndex(Handle, index, &mig);
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
        return Optional(nvmlDeviceGetGpuInstanceId(Handle, &id), id, nameof(nvmlDeviceGetGpuInstanceId));
    }

    /// <summary>Wraps nvmlDeviceGetComputeInstanceId (MIG devices only).</summary>
    public uint? GetComputeInstanceId()
    {
        uint id;
        return Optional(nvmlDeviceGetComputeInstanceId(Handle, &id), id, nameof(nvmlDeviceGetComputeInstanceId));
    }
}
