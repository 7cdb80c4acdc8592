namespace NvContract.CdiGenerate;

/// <summary>What the command line asked for: the daemon's flags that shape its spec, with the daemon's defaults.</summary>
internal sealed record GenerateOptions
{
    /// <summary>The file to write, or <c>-</c> for stdout.</summary>
    public required string Target { get; init; }

    /// <summary><c>--nvml-library</c>: an explicit libnvidia-ml.so.1 instead of the loader's.</summary>
    public string? NvmlLibrary { get; init; }

    /// <summary><c>--driver-root</c>: where driver files and etc/ld.so.cache are looked up.</summary>
    public string DriverRoot { get; init; } = "/";

    /// <summary><c>--dev-root</c>: where device nodes are checked.</summary>
    public string DevRoot { get; init; } = "/";

    /// <summary><c>--sys-root</c>: taken as the daemon takes it; the spec needs nothing from /sys (no NUMA nodes are read).</summary>
    public string SysRoot { get; init; } = "/";

    /// <summary><c>--proc-root</c>: where the driver's MIG capability table is read.</summary>
    public string ProcRoot { get; init; } = "/";

    /// <summary><c>--simulate</c>: a built-in profile name or a profile file; null reads the GPUs through NVML.</summary>
    public string? SimulationProfile { get; init; }

    /// <summary><c>--cdi-kind</c>: the kind the spec defines.</summary>
    public CdiKind CdiKind { get; init; } = CdiKind.Default;

    /// <summary><c>--cdi-version</c>: the cdiVersion to declare; null declares the lowest the spec needs.</summary>
    public string? CdiVersion { get; init; }
}
