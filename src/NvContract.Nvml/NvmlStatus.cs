using System.Runtime.InteropServices;
using NvContract.Nvml.Native;

namespace NvContract.Nvml;

/// <summary>The one place NVML return codes become exceptions (runtime's CheckIo idea).</summary>
internal static unsafe class NvmlStatus
{
    /// <exception cref="NvmlException">Any result but success.</exception>
    public static void ThrowIfFailed(nvmlReturn_t result, string function)
    {
        if (result != nvmlReturn_t.NVML_SUCCESS)
        {
            throw Failure(result, function);
        }
    }

    /// <summary>False for "not supported" (data, not failure); throws for any other error.</summary>
    public static bool IsSupported(nvmlReturn_t result, string function)
    {
        if (result == nvmlReturn_t.NVML_ERROR_NOT_SUPPORTED)
        {
            return false;
        }

        ThrowIfFailed(result, function);
        return true;
    }

    /// <summary>The error for a "not supported" where it cannot be data (a later call of a group).</summary>
    public static NvmlException NotSupported(string function) => Failure(nvmlReturn_t.NVML_ERROR_NOT_SUPPORTED, function);

    public static NvmlException Failure(nvmlReturn_t result, string function) =>
        new((NvmlReturn)result, function, "nvml: " + ErrorString(result));

    // nvmlErrorString returns a static string: it is read, never freed.
    private static string ErrorString(nvmlReturn_t result)
    {
        var text = NvmlNative.nvmlErrorString(result);
        return text == null ? $"error {(uint)result}" : Marshal.PtrToStringUTF8((nint)text) ?? $"error {(uint)result}";
    }
}
