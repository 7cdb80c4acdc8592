using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Core.Volumes;

/// <summary>
/// The driver volumes under <c>&lt;volumes dir&gt;/nvidia_driver/&lt;version&gt;</c>: what the
/// Docker volume plugin creates, finds, lists and removes (docs/v1-compatibility.md §2.2, §3.6).
/// </summary>
/// <remarks>
/// Improvements over v1: a volume is built in a hidden <c>.tmp-*</c> folder and renamed into
/// place, so a killed build never looks complete; one build per version at a time; the driver
/// version is read live, so a driver upgrade needs no restart while older volumes stay mountable.
/// </remarks>
public sealed partial class DriverVolumes
{
    internal const string TemporaryPrefix = ".tmp-";
    private readonly DriverDiscovery _discovery;
    private readonly IGpuSource _gpus;
    private readonly ILogger<DriverVolumes> _logger;
    private readonly Func<string, string, int>? _link;
    private readonly VolumeLocks _locks = new();

    public DriverVolumes(string volumesDirectory, DriverDiscovery discovery, IGpuSource gpus, ILogger<DriverVolumes> logger)
        : this(volumesDirectory, discovery, gpus, logger, null)
    {
    }

    internal DriverVolumes(string volumesDirectory, DriverDiscovery discovery, IGpuSource gpus, ILogger<DriverVolumes> logger, Func<string, string, int>? link)
    {
        VolumesDirectory = Path.GetFullPath(volumesDirectory);
        BaseDirectory = Path.Join(VolumesDirectory, ContainerVolume.Driver.Name);
        _discovery = discovery;
        _gpus = gpus;
        _logger = logger;
        _link = link;
    }

    /// <summary>The <c>-d</c> folder, absolute.</summary>
    public string VolumesDirectory { get; }

    /// <summary>The folder holding one sub-folder per driver version.</summary>
    public string BaseDirectory { get; }

    /// <summary>How many versions are locked or waited for now (the lock table's size).</summary>
    internal int LockCount => _locks.Count;

    /// <summary>
    /// Removes temporary folders left by a build or removal that was killed. A symlink or a file in
    /// place of <see cref="BaseDirectory"/> is left alone (and logged): nothing is deleted through it.
    /// </summary>
    public void CleanStale()
    {
        PinnedFolder? folder;
        try
        {
            folder = PinnedFolder.Open(BaseDirectory);
        }
        catch (UnusableVolumeFolderException e)
        {
            _logger.LogWarning("Not removing unfinished volume folders: {Reason}", e.Message);
            return;
        }

        using (folder)
        {
            if (folder is null)
            {
                return;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(folder.Path, TemporaryPrefix + "*"))
            {
                var name = Path.GetFileName(entry);
                _logger.LogInformation("Removing unfinished volume folder {Path}", Path.Join(BaseDirectory, name));
                VolumeFolder.DeleteTree(folder.Entry(name));
            }
        }
    }

    /// <summary>Creates the volume of the running driver version; nothing happens when it exists.</summary>
    /// <exception cref="VolumeException">
    /// Bad name, a version other than the running driver's, or a symlink or file where the volume's
    /// folder or <see cref="BaseDirectory"/> belongs.
    /// </exception>
    public async Task CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var volume = VolumeName.Parse(name);
        if (volume.Version != _gpus.GetVersions().Driver)
        {
            throw new VolumeVersionMismatchException(name);
        }

        var mountpoint = MountpointOf(volume);
        using var held = await _locks.AcquireAsync(volume.Version, cancellationToken);
        switch (InspectVolumeFolder(volume))
        {
            case EntryKind.Folder:
                return;
            case EntryKind.Missing:
                Build(volume);
                return;
            case var kind:
                throw VolumeFolder.Unusable(mountpoint, kind);
        }
    }

    /// <summary>
    /// Deletes one version's folder, never following symlinks out of it; a symlink or file in its
    /// place is unlinked, not followed. A missing folder is fine.
    /// </summary>
    /// <exception cref="VolumeException">Bad name, or a symlink or file in place of <see cref="BaseDirectory"/>.</exception>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        var volume = VolumeName.Parse(name);
        _ = MountpointOf(volume);
        using var held = await _locks.AcquireAsync(volume.Version, cancellationToken);
        using var folder = PinnedFolder.Open(BaseDirectory);
        if (folder is null)
        {
            return;
        }

        var entry = folder.Entry(volume.Version);
        switch (VolumeFolder.Inspect(entry))
        {
            case EntryKind.Missing:
                return;
            case EntryKind.Folder:
                // Rename first, so a removal cut short never leaves a half-empty volume that looks complete.
                var doomed = folder.Entry($"{TemporaryPrefix}rm-{volume.Version}-{Guid.NewGuid():N}");
                Directory.Move(entry, doomed);
                VolumeFolder.DeleteTree(doomed);
                return;
            default:
                File.Delete(entry);
                return;
        }
    }

    /// <summary>The host folder of an existing volume, of any version.</summary>
    /// <exception cref="VolumeNotFoundException">No such volume exists.</exception>
    /// <exception cref="UnusableVolumeFolderException">A symlink or file is where the volume's folder or <see cref="BaseDirectory"/> belongs.</exception>
    public string GetMountpoint(string name)
    {
        var volume = VolumeName.Parse(name);
        var mountpoint = MountpointOf(volume);
        return InspectVolumeFolder(volume) switch
        {
            EntryKind.Folder => mountpoint,
            EntryKind.Missing => throw new VolumeNotFoundException(name),
            var kind => throw VolumeFolder.Unusable(mountpoint, kind),
        };
    }

    /// <summary>Every complete volume, sorted by name; a symlink in place of a version folder is not one.</summary>
    /// <exception cref="UnusableVolumeFolderException">A symlink or file is where <see cref="BaseDirectory"/> belongs.</exception>
    public IReadOnlyList<DriverVolume> List()
    {
        using var folder = PinnedFolder.Open(BaseDirectory);
        if (folder is null)
        {
            return [];
        }

        return new DirectoryInfo(folder.Path).EnumerateDirectories()
            .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .Select(d => d.Name)
            .Where(VolumeName.IsValidVersion)
            .Select(v => new DriverVolume(ContainerVolume.Driver.VolumeName(v), Path.Join(BaseDirectory, v)))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What is at the volume's folder, looked at through the opened <see cref="BaseDirectory"/>.</summary>
    private EntryKind InspectVolumeFolder(VolumeName volume)
    {
        using var folder = PinnedFolder.Open(BaseDirectory);
        return folder is null ? EntryKind.Missing : VolumeFolder.Inspect(folder.Entry(volume.Version));
    }

    private string MountpointOf(VolumeName volume)
    {
        // The name grammar already rules out "..", "/" and friends; check the result anyway.
        var path = Path.GetFullPath(Path.Join(BaseDirectory, volume.Version));
        if (Path.GetDirectoryName(path) != BaseDirectory || Path.GetFileName(path) != volume.Version)
        {
            throw new BadVolumeFormatException(volume.Name);
        }

        return path;
    }
}
