using System.Globalization;

namespace NvContract.Core.Mig;

/// <summary>MIG profile names as NVIDIA's tools spell them.</summary>
public static class MigProfile
{
    private const long MiBPerGiB = 1024;

    /// <summary>
    /// <c>&lt;g&gt;g.&lt;gb&gt;gb</c>, or <c>&lt;c&gt;c.&lt;g&gt;g.&lt;gb&gt;gb</c> for a compute instance that
    /// uses fewer slices than its GPU instance: g and c are the slice counts, gb the memory rounded
    /// up to whole GiB (9856 MiB is <c>10gb</c>), as the Kubernetes device plugin names resources.
    /// </summary>
    public static string Name(uint gpuInstanceSlices, uint computeInstanceSlices, long memoryMiB)
    {
        var gb = (memoryMiB + MiBPerGiB - 1) / MiBPerGiB;
        return gpuInstanceSlices == computeInstanceSlices
            ? string.Create(CultureInfo.InvariantCulture, $"{gpuInstanceSlices}g.{gb}gb")
            : string.Create(CultureInfo.InvariantCulture, $"{computeInstanceSlices}c.{gpuInstanceSlices}g.{gb}gb");
    }
}
