namespace NvContract.Core.Docker;

/// <summary>A volume the daemon offers to containers, as v1 declared it (docs/v1-compatibility.md §3.1).</summary>
/// <param name="Name">Base name; the Docker volume is <c>&lt;Name&gt;_&lt;driver version&gt;</c>.</param>
/// <param name="Mountpoint">Where it is mounted in the container.</param>
/// <param name="Options">Mount options.</param>
public sealed record ContainerVolume(string Name, string Mountpoint, string Options)
{
    /// <summary>The driver volume: the one volume v1 knows.</summary>
    public static readonly ContainerVolume Driver = new("nvidia_driver", "/usr/local/nvidia", "ro");

    /// <summary>Every volume, in the order <c>/docker/cli</c> prints them.</summary>
    public static readonly IReadOnlyList<ContainerVolume> All = [Driver];

    /// <summary>The Docker volume name for a driver version, e.g. <c>nvidia_driver_550.54.15</c>.</summary>
    public string VolumeName(string driverVersion) => $"{Name}_{driverVersion}";
}
