namespace NvContract.Core.Gpu;

/// <summary>
/// What is known of one GPU at start-up: v1's Device (NVML part and CUDA part,
/// docs/v1-compatibility.md §5.3).
/// Every nullable member is null when the driver cannot tell; nothing is invented.
/// </summary>
public sealed record GpuDevice
{
    public required string Uuid { get; init; }

    /// <summary>The minor number of <c>/dev/nvidia&lt;minor&gt;</c>; it may differ from the NVML index.</summary>
    public required uint Minor { get; init; }

    public string? Model { get; init; }

    /// <summary>Power management limit in W.</summary>
    public long? PowerLimitWatts { get; init; }

    /// <summary>The NUMA node the GPU hangs off; 0 when the host has none (as v1).</summary>
    public int CpuAffinity { get; init; }

    public required GpuPci Pci { get; init; }

    /// <summary>Maximum SM and memory clocks.</summary>
    public GpuClocks MaxClocks { get; init; } = GpuClocks.Unknown;

    /// <summary>Peers reachable over peer-to-peer, in index order; empty when none.</summary>
    public IReadOnlyList<GpuPeerLink> Peers { get; init; } = [];

    public ComputeCapability? Arch { get; init; }

    /// <summary>CUDA cores on the whole device.</summary>
    public long? Cores { get; init; }

    public GpuMemory Memory { get; init; } = GpuMemory.Unknown;

    /// <summary>The device node path, <c>/dev/nvidia&lt;minor&gt;</c>.</summary>
    public string Path => $"/dev/nvidia{Minor}";

    /// <summary>The architecture family name, e.g. Hopper; null for unknown compute capabilities.</summary>
    public string? Family => Arch?.Family;
}

/// <param name="BusId">The PCI bus id as NVML returns it, e.g. <c>00000000:18:00.0</c>.</param>
/// <param name="Bar1MiB">Total BAR1 memory in MiB.</param>
/// <param name="BandwidthMBs">Maximum link bandwidth (per-lane rate × width) in MB/s.</param>
public sealed record GpuPci(string BusId, long? Bar1MiB, long? BandwidthMBs);

/// <param name="CoresMHz">SM clock in MHz.</param>
/// <param name="MemoryMHz">Memory clock in MHz.</param>
public sealed record GpuClocks(long? CoresMHz, long? MemoryMHz)
{
    public static readonly GpuClocks Unknown = new(null, null);
}

/// <param name="Ecc">Whether ECC is enabled.</param>
/// <param name="GlobalMiB">Total device memory in MiB.</param>
/// <param name="SharedKiB">Shared memory per multiprocessor in KiB.</param>
/// <param name="ConstantKiB">Constant memory in KiB.</param>
/// <param name="L2CacheKiB">L2 cache in KiB.</param>
/// <param name="BandwidthMBs">Peak memory bandwidth in MB/s.</param>
public sealed record GpuMemory(bool? Ecc, long? GlobalMiB, long? SharedKiB, long? ConstantKiB, long? L2CacheKiB, long? BandwidthMBs)
{
    public static readonly GpuMemory Unknown = new(null, null, null, null, null, null);

    /// <summary>
    /// Peak bandwidth as v1 computed it: 2 × (clock kHz / 1000) × (bus width / 8), each division
    /// integer (Tesla K80: 2 × 2505 × 48 = 240480 MB/s).
    /// </summary>
    public static long? Bandwidth(long? memoryClockKHz, long? busWidthBits) =>
        memoryClockKHz is { } k && busWidthBits is { } w ? 2 * (k / 1000) * (w / 8) : null;
}

/// <param name="BusId">The peer's PCI bus id.</param>
/// <param name="Link">The closest common PCIe ancestor of the two devices.</param>
public sealed record GpuPeerLink(string BusId, P2PLinkType Link);
