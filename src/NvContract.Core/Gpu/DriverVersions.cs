namespace NvContract.Core.Gpu;

/// <param name="Driver">The driver version verbatim as NVML reports it, e.g. <c>550.54.15</c>.</param>
/// <param name="Cuda">The newest CUDA version the driver supports, <c>major.minor</c>; null when unknown.</param>
public sealed record DriverVersions(string Driver, string? Cuda)
{
    /// <summary>Formats a CUDA driver version integer the way v1 did: 12040 → "12.4", 9020 → "9.2".</summary>
    public static string FormatCuda(int version) => $"{version / 1000}.{version % 100 / 10}";
}
