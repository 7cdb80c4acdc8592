using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Docker;

/// <summary>The <c>docker run</c> arguments of <c>/docker/cli</c> (docs/v1-compatibility.md §4.6).</summary>
/// <param name="VolumeDriver">Always <see cref="DriverName"/>.</param>
/// <param name="Volumes"><c>&lt;name&gt;_&lt;version&gt;:&lt;mountpoint&gt;:&lt;options&gt;</c> strings.</param>
/// <param name="Devices">Device arguments: control devices first, then the selected GPUs.</param>
public sealed record DockerArguments(string VolumeDriver, IReadOnlyList<string> Volumes, IReadOnlyList<string> Devices)
{
    /// <summary>The plugin's name as Docker knows it (from its socket or spec file name).</summary>
    public const string DriverName = "nvidia-docker";

    /// <summary>The single line v1 printed, without a trailing newline.</summary>
    public string ToCommandLine() =>
        string.Join(' ', [$"--volume-driver={VolumeDriver}", .. Volumes.Select(v => $"--volume={v}"), .. Devices.Select(d => $"--device={d}")]);

    /// <summary>Builds the arguments for the selected devices and volumes.</summary>
    /// <param name="devices">Selected GPUs, in output order.</param>
    /// <param name="volumes">Selected volumes.</param>
    /// <param name="driverVersion">The live driver version, which names the volumes.</param>
    /// <param name="deviceNodes">Where device nodes are checked and how they are named.</param>
    public static DockerArguments Build(IReadOnlyList<GpuDevice> devices, IReadOnlyList<ContainerVolume> volumes, string driverVersion, DeviceNodes deviceNodes) =>
        new(
            DriverName,
            volumes.Select(v => $"{v.VolumeName(driverVersion)}:{v.Mountpoint}:{v.Options}").ToList(),
            [.. deviceNodes.ControlDevices(), .. devices.Select(d => deviceNodes.Argument(d.Path))]);

    /// <summary>
    /// Builds the arguments for selected GPUs and MIG devices: a MIG device brings its parent's
    /// node and its GPU- and compute-instance access nodes (<see cref="MigDeviceNodes"/>). A node
    /// several selected devices share is listed once, where it first appears.
    /// </summary>
    /// <exception cref="MigCapabilityNotFoundException">A selected MIG device's access nodes are not in the driver's table.</exception>
    public static DockerArguments Build(IReadOnlyList<SelectedDevice> selected, IReadOnlyList<ContainerVolume> volumes, string driverVersion, DeviceNodes deviceNodes, MigDeviceNodes migNodes)
    {
        var migs = selected.Where(s => s.Mig is not null).Select(s => s.Mig!).ToList();
        var migPaths = migs.Count == 0 ? [] : migNodes.Paths(migs);
        var paths = new List<string>();
        var next = 0;
        foreach (var device in selected)
        {
            paths.AddRange(device.Gpu is { } gpu ? [gpu.Path] : migPaths[next++]);
        }

        return new(
            DriverName,
            volumes.Select(v => $"{v.VolumeName(driverVersion)}:{v.Mountpoint}:{v.Options}").ToList(),
            [.. deviceNodes.ControlDevices(), .. paths.Distinct(StringComparer.Ordinal).Select(deviceNodes.Argument)]);
    }
}
