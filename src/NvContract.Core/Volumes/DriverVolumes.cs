using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

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

    /// <summary>Removes temporary folders left by a build or removal that was killed.</summary>
    public void CleanStale()
    {
        if (!Directory.Exists(BaseDirectory))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(BaseDirectory, TemporaryPrefix + "*"))
        {
            _logger.LogInformation("Removing unfinished volume folder {Path}", entry);
            VolumeFolder.DeleteTree(entry);
        }
    }

    /// <summary>Creates the volume of the running driver version; nothing happens when it exists.</summary>
    /// <exception cref="VolumeException">Bad name, or a version other than the running driver's.</exception>
    public async Task CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var volume = VolumeName.Parse(name);
        if (volume.Version != _gpus.GetVersions().Driver)
        {
            throw new VolumeVersionMismatchException(name);
        }

        var mountpoint = MountpointOf(volume);
        var gate = _locks.GetOrAdd(volume.Version, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!VolumeFolder.EntryExists(mountpoint))
            {
                Build(volume, mountpoint);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Deletes one version's folder, never following symlinks out of it; a missing folder is fine.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        var volume = VolumeName.Parse(name);
        var mountpoint = MountpointOf(volume);
        var gate = _locks.GetOrAdd(volume.Version, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!VolumeFolder.EntryExists(mountpoint))
            {
                return;
            }

            // A symlink (or a stray file) in place of the version folder is unlinked, never followed.
            if (new DirectoryInfo(mountpoint).LinkTarget is not null || !Directory.Exists(mountpoint))
            {
                File.Delete(mountpoint);
                return;
            }

            // Rename first, so a removal cut short never leaves a half-empty volume that looks complete.
            var doomed = Path.Join(BaseDirectory, $"{TemporaryPrefix}rm-{volume.Version}-{Guid.NewGuid():N}");
            Directory.Move(mountpoint, doomed);
            VolumeFolder.DeleteTree(doomed);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The host folder of an existing volume, of any version.</summary>
    /// <exception cref="VolumeNotFoundException">No such volume exists.</exception>
    public string GetMountpoint(string name)
    {
        var volume = VolumeName.Parse(name);
        var mountpoint = MountpointOf(volume);
        return Directory.Exists(mountpoint) ? mountpoint : throw new VolumeNotFoundException(name);
    }

    /// <summary>Every complete volume, sorted by name.</summary>
    public IReadOnlyList<DriverVolume> List()
    {
        if (!Directory.Exists(BaseDirectory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(BaseDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(VolumeName.IsValidVersion)
            .Select(v => new DriverVolume(ContainerVolume.Driver.VolumeName(v), Path.Join(BaseDirectory, v)))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
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
