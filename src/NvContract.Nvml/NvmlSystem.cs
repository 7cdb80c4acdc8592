using NvContract.Nvml.Native;
using static NvContract.Nvml.Native.NvmlNative;

namespace NvContract.Nvml;

/// <summary>System-wide NVML queries. Call only while <see cref="Interop.NvmlLibrary"/> is initialised.</summary>
internal static unsafe class NvmlSystem
{
    // NVML has no constant for process names; 256 bytes hold any Linux comm/cmdline head v1 showed (it used 64).
    internal const int ProcessNameBufferSize = 256;

    /// <summary>Wraps nvmlSystemGetDriverVersion.</summary>
    public static string GetDriverVersion()
    {
        var buffer = stackalloc byte[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        NvmlStatus.ThrowIfFailed(nvmlSystemGetDriverVersion(buffer, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE), nameof(nvmlSystemGetDriverVersion));
        return NvmlText.Decode(buffer, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    }

    /// <summary>
    /// Wraps nvmlSystemGetCudaDriverVersion_v2; null when not supported, when the driver predates
    /// the call, or when libcuda.so.1 (which _v2 asks) is missing: an unknown version, not a failure.
    /// </summary>
    public static int? GetCudaDriverVersion()
    {
        int version;
        try
        {
            var result = nvmlSystemGetCudaDriverVersion_v2(&version);
            if (result == nvmlReturn_t.NVML_ERROR_LIBRARY_NOT_FOUND)
            {
                return null;
            }

            return NvmlStatus.IsSupported(result, nameof(nvmlSystemGetCudaDriverVersion_v2)) ? version : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Wraps nvmlSystemGetProcessName.</summary>
    public static string GetProcessName(uint pid)
    {
        var buffer = stackalloc byte[ProcessNameBufferSize];
        NvmlStatus.ThrowIfFailed(nvmlSystemGetProcessName(pid, buffer, ProcessNameBufferSize), nameof(nvmlSystemGetProcessName));
        return NvmlText.Decode(buffer, ProcessNameBufferSize);
    }

    /// <summary>Wraps nvmlDeviceGetCount_v2.</summary>
    public static uint GetDeviceCount()
    {
        uint count;
        NvmlStatus.ThrowIfFailed(nvmlDeviceGetCount_v2(&count), nameof(nvmlDeviceGetCount_v2));
        return count;
    }

    /// <summary>Wraps nvmlDeviceGetHandleByIndex_v2.</summary>
    public static NvmlDevice GetDeviceByIndex(uint index)
    {
        nvmlDevice_st* device;
        NvmlStatus.ThrowIfFailed(nvmlDeviceGetHandleByIndex_v2(index, &device), nameof(nvmlDeviceGetHandleByIndex_v2));
        return new NvmlDevice(device);
    }

    /// <summary>
    /// Wraps nvmlDeviceGetHandleByUUID: a GPU UUID, a MIG UUID (<c>MIG-&lt;uuid&gt;</c>) or the
    /// legacy <c>MIG-GPU-&lt;uuid&gt;/&lt;gi&gt;/&lt;ci&gt;</c>; null when nothing has that UUID.
    /// </summary>
    public static NvmlDevice? GetDeviceByUuid(string uuid)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(uuid + "\0");
        nvmlDevice_st* device;
        nvmlReturn_t result;
        try
        {
            fixed (byte* text = bytes)
            {
                result = nvmlDeviceGetHandleByUUID(text, &device);
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        if (result is nvmlReturn_t.NVML_ERROR_NOT_FOUND or nvmlReturn_t.NVML_ERROR_INVALID_ARGUMENT)
        {
            return null;
        }

        return NvmlStatus.IsSupported(result, nameof(nvmlDeviceGetHandleByUUID)) ? new NvmlDevice(device) : null;
    }
}
