using NvContract.Nvml.Native;

namespace NvContract.Nvml;

/// <summary>
/// An NVML device handle. NVML owns the handle and has no release call, hence no SafeHandle.
/// Methods return null where NVML answers "not supported" and throw <see cref="NvmlException"/> otherwise.
/// </summary>
internal readonly unsafe partial struct NvmlDevice(nvmlDevice_st* handle)
{
    internal nvmlDevice_st* Handle { get; } = handle;

    private static uint? Optional(nvmlReturn_t result, uint value, string function) =>
        NvmlStatus.IsSupported(result, function) ? value : null;
}
