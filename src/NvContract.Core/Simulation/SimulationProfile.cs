using System.Text.Json.Serialization;
using NvContract.Core.Gpu;

namespace NvContract.Core.Simulation;

/// <summary>
/// A simulated machine, read from JSON (camelCase members; unknown members are errors so a typo
/// is caught). Models hold the facts shared by GPUs of one kind; each GPU names its model and
/// adds what is its own. A null fact is "not supported" and prints as null / N/A.
/// Members with a default other than null are settable: generated JSON metadata assigns init-only
/// members from the document even when absent, which would replace those defaults with null.
/// </summary>
public sealed record SimulationProfile
{
    public string? Description { get; init; }

    public required string DriverVersion { get; init; }

    public string? CudaVersion { get; init; }

    public Dictionary<string, SimulatedModel> Models { get; set; } = [];

    public List<SimulatedGpu> Gpus { get; set; } = [];

    /// <summary>
    /// GPU pairs with their PCIe level and peer-to-peer status; each pair is listed once and applies
    /// both ways. Only pairs whose status is <see cref="P2PStatus.Ok"/> are peers.
    /// </summary>
    public List<SimulatedPeer> Peers { get; set; } = [];

    /// <summary>Health events played while the daemon runs, as the driver would report them.</summary>
    public List<SimulatedHealthEvent> HealthEvents { get; set; } = [];
}

public sealed record SimulatedModel
{
    public string? Name { get; init; }

    public long? PowerLimitWatts { get; init; }

    /// <summary><c>major.minor</c>, e.g. <c>9.0</c>.</summary>
    public string? ComputeCapability { get; init; }

    public long? Multiprocessors { get; init; }

    public int? PcieGeneration { get; init; }

    public int? PcieWidth { get; init; }

    public long? Bar1MiB { get; init; }

    public GpuClocks MaxClocks { get; set; } = GpuClocks.Unknown;

    public SimulatedMemory Memory { get; set; } = new();
}

public sealed record SimulatedMemory
{
    public bool? Ecc { get; init; }

    public long? GlobalMiB { get; init; }

    public long? SharedKiB { get; init; }

    public long? ConstantKiB { get; init; }

    public long? L2CacheKiB { get; init; }

    public long? BusWidthBits { get; init; }
}

public sealed record SimulatedGpu
{
    public required string Model { get; init; }

    public required string Uuid { get; init; }

    public required uint Minor { get; init; }

    public required string BusId { get; init; }

    public int NumaNode { get; init; }

    public GpuStatus Status { get; set; } = GpuStatus.Unknown;

    /// <summary>What only metrics report (memory temperature, energy, ECC totals, ...).</summary>
    public GpuTelemetry Telemetry { get; set; } = GpuTelemetry.Unknown;

    /// <summary>Whether the GPU is in MIG mode; null (absent) when the driver could not tell.</summary>
    public bool? MigEnabled { get; init; }

    /// <summary>The MIG devices of a GPU in MIG mode, in slot order.</summary>
    public List<SimulatedMigDevice> Mig { get; set; } = [];
}

/// <summary>One MIG device of a simulated GPU.</summary>
public sealed record SimulatedMigDevice
{
    public required uint GpuInstance { get; init; }

    public required uint ComputeInstance { get; init; }

    public string? Profile { get; init; }

    public long? MemoryMiB { get; init; }

    public required string Uuid { get; init; }

    public Mig.MigStatus Status { get; set; } = Mig.MigStatus.Unknown;
}

/// <summary>
/// One scripted health event: at <see cref="AtSeconds"/> after the watch starts, GPU
/// <see cref="Gpu"/> reports an Xid, a new recovery action, that it is lost, or that it was reset.
/// </summary>
public sealed record SimulatedHealthEvent
{
    public required int Gpu { get; init; }

    public required double AtSeconds { get; init; }

    public int? Xid { get; init; }

    /// <summary>NVML's recovery action from then on (0 none, 1 GPU reset, 2 node reboot, ...).</summary>
    public long? RecoveryAction { get; init; }

    public bool Lost { get; init; }

    public bool Reset { get; init; }
}

/// <param name="Gpus">The two GPU indexes.</param>
/// <param name="Link">The PCIe level the pair shares.</param>
/// <param name="P2P">
/// Whether the pair can reach each other peer-to-peer. Absent means <see cref="P2PStatus.Ok"/>: in
/// profiles written before the status existed, every listed pair was a peer.
/// </param>
/// <param name="NvLinks">The NVLinks between the pair (directly or through NVSwitches); absent means none.</param>
public sealed record SimulatedPeer(int[] Gpus, P2PLinkType Link, [property: JsonPropertyName("p2p")] P2PStatus P2P = P2PStatus.Ok, [property: JsonPropertyName("nvlinks")] int NvLinks = 0);
