namespace NvContract.Core.Gpu;

/// <summary>
/// What metrics report beyond a v1 status (dcgm-exporter's fields NVML answers). Read with the
/// status sample, never per scrape. Null means the driver cannot report it: such a series is
/// left out, never shown as 0.
/// </summary>
/// <remarks>
/// Members with a default other than null are settable, as simulation profiles read them: generated
/// JSON metadata would replace an init-only default with null when the document leaves it out.
/// </remarks>
public sealed record GpuTelemetry
{
    public static readonly GpuTelemetry Unknown = new();

    /// <summary>Power draw in mW (the status rounds it down to W).</summary>
    public long? PowerMilliwatts { get; init; }

    /// <summary>Energy used since the driver was loaded, in mJ.</summary>
    public long? EnergyMillijoules { get; init; }

    /// <summary>Memory (HBM) temperature in °C; only some boards report it.</summary>
    public long? MemoryTemperatureC { get; init; }

    public GpuFramebuffer Framebuffer { get; set; } = GpuFramebuffer.Unknown;

    /// <summary>PCIe link replays (retries) since the driver was loaded.</summary>
    public long? PcieReplays { get; init; }

    public GpuEccTotals Ecc { get; set; } = GpuEccTotals.Unknown;

    public GpuRemappedRows RemappedRows { get; set; } = GpuRemappedRows.Unknown;
}

/// <summary>Device memory in MiB: free, used by allocations, reserved by the driver and firmware.</summary>
public sealed record GpuFramebuffer(long? FreeMiB, long? UsedMiB, long? ReservedMiB)
{
    public static readonly GpuFramebuffer Unknown = new(null, null, null);
}

/// <summary>ECC error totals over all memory locations: single-bit (corrected) and double-bit (uncorrected).</summary>
/// <param name="SingleBitVolatile">Since the driver was loaded (or the GPU reset).</param>
/// <param name="SingleBitAggregate">Over the GPU's lifetime.</param>
public sealed record GpuEccTotals(long? SingleBitVolatile, long? DoubleBitVolatile, long? SingleBitAggregate, long? DoubleBitAggregate)
{
    public static readonly GpuEccTotals Unknown = new(null, null, null, null);
}

/// <summary>Memory rows remapped after ECC errors (Ampere and later).</summary>
/// <param name="Pending">A remapping waits for the next GPU reset.</param>
/// <param name="Failed">A remapping failed: the GPU should be serviced.</param>
public sealed record GpuRemappedRows(long? Correctable, long? Uncorrectable, bool? Pending, bool? Failed)
{
    public static readonly GpuRemappedRows Unknown = new(null, null, null, null);
}
