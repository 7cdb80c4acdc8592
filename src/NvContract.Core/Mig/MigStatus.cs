using NvContract.Core.Gpu;

namespace NvContract.Core.Mig;

/// <summary>
/// Live state of one MIG device: what NVML reports per instance. Utilisation is not among it
/// (NVML does not support it on MIG devices or on GPUs in MIG mode), so no field pretends to it.
/// </summary>
public sealed record MigStatus
{
    public static readonly MigStatus Unknown = new();

    /// <summary>Used instance memory in MiB.</summary>
    public long? MemoryUsedMiB { get; init; }

    /// <summary>Total instance memory in MiB.</summary>
    public long? MemoryTotalMiB { get; init; }

    /// <summary>Compute processes on the instance; empty when none or unsupported.</summary>
    public IReadOnlyList<GpuProcess> Processes { get; init; } = [];
}
