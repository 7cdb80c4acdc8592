using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Volumes;

public sealed partial class DriverVolumes
{
    private void Build(VolumeName volume, string mountpoint)
    {
        VolumeFolder.Create(VolumesDirectory);
        VolumeFolder.Create(BaseDirectory);
        var staging = Path.Join(BaseDirectory, $"{TemporaryPrefix}{volume.Version}-{Guid.NewGuid():N}");
        try
        {
            VolumeFolder.Create(staging);
            var files = _discovery.Discover();
            var placer = new FilePlacer(_logger, _link);
            var binaries = Populate(placer, Path.Join(staging, "bin"), files.Binaries);
            var libraries32 = Populate(placer, Path.Join(staging, "lib"), files.Libraries32);
            var libraries64 = Populate(placer, Path.Join(staging, "lib64"), files.Libraries64);
            Directory.Move(staging, mountpoint);
            _logger.LogInformation(
                "Created volume {Name}: {Binaries} binaries, {Libraries32} 32-bit and {Libraries64} 64-bit libraries{How}",
                volume.Name, binaries, libraries32, libraries64, placer.Copied ? " (copied)" : string.Empty);
        }
        catch (Exception e)
        {
            TryDelete(staging);
            throw new IOException($"failed to create volume {volume.Name}: {e.Message}", e);
        }
    }

    /// <summary>Places the kept files and their links in one volume folder; returns how many files it placed.</summary>
    private int Populate(FilePlacer placer, string folder, IReadOnlyList<string> files)
    {
        VolumeFolder.Create(folder);
        var placed = 0;
        foreach (var real in files)
        {
            ElfInfo elf;
            try
            {
                elf = ElfReader.Read(real);
            }
            catch (InvalidElfException e)
            {
                // v1 failed the whole Create here; one odd file should not block every container.
                _logger.LogWarning("Skipping {Path}: {Reason}", real, e.Message);
                continue;
            }

            if (!ElfFilter.Keep(real, elf))
            {
                _logger.LogDebug("Skipping {Path}: not an NVIDIA build", real);
                continue;
            }

            var basename = Path.GetFileName(real);
            var target = Path.Join(folder, basename);
            if (VolumeFolder.EntryExists(target))
            {
                // v1 failed with "file exists" (#229); keep the first in cache order instead.
                _logger.LogWarning("Skipping {Path}: {Name} is already in the volume", real, basename);
                continue;
            }

            placer.Place(real, target);
            placed++;
            if (elf.Soname is { } soname)
            {
                AddSonameLinks(folder, soname, basename);
            }
        }

        return placed;
    }

    private void AddSonameLinks(string folder, string soname, string basename)
    {
        if (!DriverLinks.IsFileName(soname))
        {
            _logger.LogWarning("Ignoring SONAME {Soname} of {Name}: not a file name", soname, basename);
            return;
        }

        foreach (var name in DriverLinks.For(soname))
        {
            Symlink(folder, name, basename);
        }
    }

    private static void Symlink(string folder, string name, string target)
    {
        var link = Path.Join(folder, name);
        if (name.Length > 0 && !VolumeFolder.EntryExists(link))
        {
            File.CreateSymbolicLink(link, target);
        }
    }

    private void TryDelete(string staging)
    {
        try
        {
            VolumeFolder.DeleteTree(staging);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Cannot remove unfinished volume folder {Path}: {Reason}", staging, e.Message);
        }
    }
}
