using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Cdi;

/// <summary>
/// Builds the CDI spec of the host's GPUs from what the daemon already knows: the GPU source, the
/// driver discovery the volumes use, and the device nodes under <c>--dev-root</c>. Every GPU
/// not in MIG mode is named by index (<c>0</c>) and by UUID (<c>GPU-…</c>) and brings its
/// <c>/dev/nvidia&lt;minor&gt;</c>; a GPU in MIG mode is named only through its MIG devices, by
/// <c>&lt;gpu index&gt;:&lt;mig index&gt;</c> (<c>0:1</c>) and by MIG UUID (<c>MIG-…</c>), each with
/// the nodes <see cref="MigDeviceNodes"/> gives. <c>all</c> names all of these. What any device brings: the control nodes that
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
    MigDeviceNodes migNodes,
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
        var byIndex = new List<CdiDevice>();
        var byUuid = new List<CdiDevice>();
        var allNodes = new List<CdiDeviceNode>();

        // Read once per spec: the layout follows re-partitions (IGpuSource.MigDevices), the
        // capability table is read afresh, so both describe the host as it is now.
        var migs = gpus.MigDevices;
        var table = migs.Count == 0 ? null : MigMinors.Read(migNodes.ProcRoot);
        for (var index = 0; index < gpus.Devices.Count; index++)
        {
            var gpu = gpus.Devices[index];
            if (gpus.IsMigEnabled(index) == true)
            {
                // As nvidia-ctk does: a GPU in MIG mode is named only through its MIG devices.
                foreach (var mig in migs.Where(m => m.ParentIndex == index))
                {
                    if (MigNodes(mig, table!, warnings) is { } nodes)
                    {
                        Add(mig.Name, mig.Uuid, nodes);
                    }
                }

                continue;
            }

            if (!deviceNodes.Exists(gpu.Path))
            {
                // A node the runtime cannot stat fails every container that asks for the device.
                warnings.Add($"Leaving GPU {index} ({gpu.Uuid}) out of the CDI spec: {deviceNodes.HostPath(gpu.Path)} does not exist");
                continue;
            }

            Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture), gpu.Uuid, [Node(gpu.Path)]);
        }

        void Add(string name, string uuid, List<CdiDeviceNode> nodes)
        {
            var edits = new CdiContainerEdits(DeviceNodes: nodes);
            byIndex.Add(new CdiDevice(name, edits));
            byUuid.Add(new CdiDevice(uuid, edits));

            // A GPU's node once in `all`, however many of its MIG devices bring it.
            foreach (var node in nodes.Where(n => !allNodes.Contains(n)).ToList())
            {
                allNodes.Add(node);
            }
        }

        if (byIndex.Count == 0)
        {
            return new CdiGeneration(null, warnings);
        }

        var devices = byIndex.Concat(byUuid).Append(new CdiDevice(AllDevices, new CdiContainerEdits(DeviceNodes: allNodes))).ToList();

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

    /// <summary>The nodes of one MIG device, or null (with a warning) when the driver's table or the device root lacks one.</summary>
    private List<CdiDeviceNode>? MigNodes(MigDevice mig, IReadOnlyDictionary<string, uint> table, List<string> warnings)
    {
        if (migNodes.TryPaths(mig, table, out var problem) is not { } paths)
        {
            // Destroyed since the layout was read, or MIG support not loaded: nothing to name.
            warnings.Add($"Leaving MIG device {mig.Name} ({mig.Uuid}) out of the CDI spec: {problem}");
            return null;
        }

        if (paths.FirstOrDefault(p => !deviceNodes.Exists(p)) is { } missing)
        {
            warnings.Add($"Leaving MIG device {mig.Name} ({mig.Uuid}) out of the CDI spec: {deviceNodes.HostPath(missing)} does not exist");
            return null;
        }

        return paths.Select(Node).ToList();
    }

    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;

    private CdiDeviceNode Node(string path) => new(path, deviceNodes.IsDefaultRoot ? null : deviceNodes.HostPath(path));
}
