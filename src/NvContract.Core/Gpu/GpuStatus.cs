namespace NvContract.Core.Gpu;

/// <summary>
/// Live state of one GPU: v1's DeviceStatus (docs/v1-compatibility.md §5.2, §5.3).
/// Null means not supported.
/// </summary>
public sealed record GpuStatus
{
    public static readonly GpuStatus Unknown = new();

    /// <summary>Power draw in W.</summary>
    public long? PowerWatts { get; init; }

    /// <summary>GPU temperature in °C.</summary>
    public long? TemperatureC { get; init; }

    public GpuUtilization Utilization { get; init; } = GpuUtilization.Unknown;

    /// <summary>Used device memory in MiB.</summary>
    public long? MemoryUsedMiB { get; init; }

    /// <summary>Volatile uncorrected ECC error counts.</summary>
    public GpuEccErrors EccErrors { get; init; } = GpuEccErrors.Unknown;

    /// <summary>Current SM and memory clocks.</summary>
    public GpuClocks Clocks { get; init; } = GpuClocks.Unknown;

    /// <summary>Used BAR1 memory in MiB.</summary>
    public long? Bar1UsedMiB { get; init; }

    public GpuThroughput Throughput { get; init; } = GpuThroughput.Unknown;

    /// <summary>Compute processes on the device; empty when none (or unsupported, as in v1).</summary>
    public IReadOnlyList<GpuProcess> Processes { get; init; } = [];
}

/// <summary>Utilisation in percent.</summary>
public sealed record GpuUtilization(long? Gpu, long? Memory, long? Encoder, long? Decoder)
{
    public static readonly GpuUtilization Unknown = new(null, null, null, null);
}

public sealed record GpuEccErrors(long? L1Cache, long? L2Cache, long? Global)
{
    public static readonly GpuEccErrors Unknown = new(null, null, null);
}

/// <summary>PCIe throughput in MB/s.</summary>
public sealed record GpuThroughput(long? RxMBs, long? TxMBs)
{
    public static readonly GpuThroughput Unknown = new(null, null);
}

/// <param name="Pid">Host process id.</param>
/// <param name="Name">Process name as NVML reports it.</param>
/// <param name="MemoryUsedMiB">Device memory the process uses, in MiB.</param>
public sealed record GpuProcess(long Pid, string Name, long MemoryUsedMiB);
