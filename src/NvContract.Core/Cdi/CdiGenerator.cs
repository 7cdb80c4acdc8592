using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Core.Cdi;

/// <summary>
/// Builds the CDI spec of the host's GPUs from what the daemon already knows: the GPU source, the
/// driver discovery the volumes use, and the device nodes under <c>--dev-root</c>. Every GPU is
/// named by index (<c>0</c>) and by UUID (<c>GPU-…</c>), and <c>all</c> names every GPU; each
/// brings its <c>/dev/nvidia&lt;minor&gt;</c>. What any device brings: the control nodes that
/// exist, the driver's files (<see cref="CdiDriverMounts"/>), <c>NVIDIA_VISIBLE_DEVICES=void</c>
/// (so a legacy NVIDIA runtime hook adds nothing a second time) and, when there is one, a hook
/// that adds the libraries to the container's ld.so.cache. Safe to call from several threads.
/// </summary>
public sealed class CdiGenerator(
    CdiKind kind,
    string? pinnedVersion,
    IGpuSource gpus,
    DriverDiscovery discovery,
    DeviceNodes deviceNodes,
    CdiHookCommand? hook)
{
    /// <summary>Tells a legacy NVIDIA runtime hook (nvidia-container-runtime) to add no device itself.</summary>
    public const string VisibleDevicesVoid = "NVIDIA_VISIBLE_DEVICES=void";

    /// <summary>The device name that stands for every GPU.</summary>
    public const string AllDevices = "all";

    private readonly CdiDriverMounts _mounts = new();

    public CdiKind Kind { get; } = kind;

    /// <summary>The version pinned with <c>--cdi-version</c>, or null for the lowest the spec needs.</summary>
    public string? PinnedVersion { get; } = pinnedVersion;

    /// <summary>Generates the spec as the host is now.</summary>
    /// <exception cref="IOException">The driver root's ld.so.cache cannot be read.</exception>
    /// <exception cref="InvalidLdCacheException">The driver root's ld.so.cache is malformed.</exception>
    /// <exception cref="LdCacheNotFoundException">The driver root has no ld.so.cache.</exception>
    /// <exception cref="CdiVersionException">The spec needs a newer version than the pinned one.</exception>
    public CdiGeneration Generate()
    {
        var warnings = new List<string>();
        var devices = new List<CdiDevice>();
        var gpuNodes = new List<CdiDeviceNode>();
        var uuids = new List<CdiDevice>();
        for (var index = 0; index < gpus.Devices.Count; index++)
        {
            var gpu = gpus.Devices[index];
            if (!deviceNodes.Exists(gpu.Path))
            {
                // A node the runtime cannot stat fails every container that asks for the device.
                warnings.Add($"Leaving GPU {index} ({gpu.Uuid}) out of the CDI spec: {deviceNodes.HostPath(gpu.Path)} does not exist");
                continue;
            }

            var edits = new CdiContainerEdits(DeviceNodes: [Node(gpu.Path)]);
            gpuNodes.Add(Node(gpu.Path));
            devices.Add(new CdiDevice(index.ToString(System.Globalization.CultureInfo.InvariantCulture), edits));
            uuids.Add(new CdiDevice(gpu.Uuid, edits));
        }

        if (devices.Count == 0)
        {
            return new CdiGeneration(null, warnings);
        }

        devices.AddRange(uuids);
        devices.Add(new CdiDevice(AllDevices, new CdiContainerEdits(DeviceNodes: gpuNodes)));

        using var files = discovery.Discover();
        var (mounts, libraryFolders) = _mounts.Of(files, warnings);
        var common = new CdiContainerEdits(
            Env: [VisibleDevicesVoid],
            DeviceNodes: NullIfEmpty(deviceNodes.ControlDevicePaths().Where(deviceNodes.Exists).Select(Node).ToList()),
            Mounts: NullIfEmpty(mounts),
            Hooks: hook is not null && libraryFolders.Count > 0 ? [UpdateLdCacheHook.Describe(hook, libraryFolders)] : null);

        var spec = new CdiSpec(string.Empty, Kind.ToString(), devices, common);
        return new CdiGeneration(spec with { CdiVersion = CdiVersion.Choose(spec, PinnedVersion) }, warnings);
    }

    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;

    private CdiDeviceNode Node(string path) => new(path, deviceNodes.IsDefaultRoot ? null : deviceNodes.HostPath(path));
}
