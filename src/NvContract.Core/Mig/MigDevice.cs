using System.Globalization;

namespace NvContract.Core.Mig;

/// <summary>
/// One MIG device (a compute instance inside a GPU instance of a GPU in MIG mode), as the driver
/// reported it at the last look at the layout. Layouts change while the daemon runs: a record
/// names an instance, it holds no driver handle.
/// </summary>
public sealed record MigDevice
{
    /// <summary>The parent GPU's NVML index.</summary>
    public required int ParentIndex { get; init; }

    /// <summary>The parent GPU's minor number: <c>/dev/nvidia&lt;minor&gt;</c> and the key of its capabilities.</summary>
    public required uint ParentMinor { get; init; }

    public required string ParentUuid { get; init; }

    /// <summary>The position among the parent's MIG devices, empty slots skipped (the <c>1</c> of <c>0:1</c>).</summary>
    public required int Index { get; init; }

    /// <summary>The GPU instance id, unique on its GPU until the instance is destroyed.</summary>
    public required uint GpuInstanceId { get; init; }

    /// <summary>The compute instance id, unique within its GPU instance.</summary>
    public required uint ComputeInstanceId { get; init; }

    /// <summary>The profile, e.g. <c>1g.10gb</c>; null when the driver cannot tell.</summary>
    public string? Profile { get; init; }

    /// <summary>The instance's memory in MiB; null when the driver cannot tell.</summary>
    public long? MemoryMiB { get; init; }

    /// <summary>The MIG UUID as the driver reports it: <c>MIG-&lt;uuid&gt;</c> (R470 and later).</summary>
    public required string Uuid { get; init; }

    /// <summary><c>&lt;gpu index&gt;:&lt;mig index&gt;</c>, the name <c>dev=</c> and CDI use.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{ParentIndex}:{Index}");

    /// <summary>The UUID older drivers (R450, R460) reported: <c>MIG-GPU-&lt;parent uuid&gt;/&lt;gi&gt;/&lt;ci&gt;</c>.</summary>
    public string LegacyUuid => string.Create(CultureInfo.InvariantCulture, $"MIG-{ParentUuid}/{GpuInstanceId}/{ComputeInstanceId}");

    /// <summary>The parent's device node.</summary>
    public string ParentPath => string.Create(CultureInfo.InvariantCulture, $"/dev/nvidia{ParentMinor}");
}
