using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Volumes;

public sealed partial class DriverVolumes
{
    /// <summary>What a volume is useless without: CUDA and NVML, in <c>lib64/</c>.</summary>
    internal static readonly IReadOnlyList<string> RequiredLibraries = ["libcuda.so.1", "libnvidia-ml.so.1"];

    /// <summary>The longest one build may take; the volume's lock is held meanwhile.</summary>
    internal TimeSpan BuildTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock the build deadline is measured with.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    private enum Folder
    {
        Binaries,
        Libraries32,
        Libraries64,
    }

    private void Build(VolumeName volume, string mountpoint)
    {
        var deadline = new BuildDeadline(Clock, BuildTimeout, volume.Name);
        VolumeFolder.Create(VolumesDirectory);
        VolumeFolder.Create(BaseDirectory);
        var staging = Path.Join(BaseDirectory, $"{TemporaryPrefix}{volume.Version}-{Guid.NewGuid():N}");
        try
        {
            VolumeFolder.Create(staging);
            using var files = Discover(volume);
            var build = new BuildState(files.Root, new FilePlacer(_logger, deadline, _link), deadline);
            var binaries = Populate(build, Path.Join(staging, "bin"), files.Binaries, Folder.Binaries);
            var libraries32 = Populate(build, Path.Join(staging, "lib"), files.Libraries32, Folder.Libraries32);
            var libraries64 = Populate(build, Path.Join(staging, "lib64"), files.Libraries64, Folder.Libraries64);
            CheckRequiredLibraries(build, Path.Join(staging, "lib64"), volume);
            Directory.Move(staging, mountpoint);
            _logger.LogInformation(
                "Created volume {Name}: {Binaries} binaries, {Libraries32} 32-bit and {Libraries64} 64-bit libraries{How}",
                volume.Name, binaries, libraries32, libraries64, build.Placer.Copied ? " (copied)" : string.Empty);
        }
        catch (VolumeBuildException e)
        {
            TryDelete(staging);
            _logger.LogWarning("Cannot create volume {Name}: {Reason}", volume.Name, e.Reason);
            throw;
        }
        catch (Exception e)
        {
            TryDelete(staging);
            throw new IOException($"failed to create volume {volume.Name}: {e.Message}", e);
        }
    }

    /// <summary>Lists the driver's files; a missing or malformed ld.so.cache is the driver root's fault, not the daemon's.</summary>
    private DriverFiles Discover(VolumeName volume)
    {
        try
        {
            return _discovery.Discover();
        }
        catch (Exception e) when (e is InvalidLdCacheException or LdCacheNotFoundException)
        {
            throw new VolumeBuildException(e.Message, volume.Name);
        }
    }

    /// <summary>Places the usable files and their links in one volume folder; returns how many files it placed.</summary>
    private int Populate(BuildState build, string folder, IReadOnlyList<DriverPath> paths, Folder kind)
    {
        VolumeFolder.Create(folder);
        var placed = 0;
        foreach (var path in paths)
        {
            build.Deadline.ThrowIfPassed();
            using var file = Open(build, path, kind);
            if (file is null || !build.Seen.Add(file.Identity))
            {
                continue;
            }

            ElfInfo elf;
            try
            {
                elf = ElfReader.Read(file.Handle, file.HostPath);
                if (Mismatch(elf, kind) is { } mismatch)
                {
                    throw new UnusableFileException(file.HostPath, mismatch);
                }
            }
            catch (UnusableFileException e)
            {
                Skip(build, path, kind, e);
                continue;
            }

            if (!ElfFilter.Keep(file.HostPath, elf))
            {
                _logger.LogDebug("Skipping {Path}: not an NVIDIA build", file.HostPath);
                continue;
            }

            var basename = file.Name;
            var target = Path.Join(folder, basename);
            if (basename is "" or "." or ".." || VolumeFolder.EntryExists(target))
            {
                // v1 failed with "file exists" (#229); keep the first in cache order instead.
                _logger.LogWarning("Skipping {Path}: {Name} is already in the volume", file.HostPath, basename);
                continue;
            }

            build.Placer.Place(file, target);
            placed++;
            if (elf.Soname is { } soname)
            {
                AddSonameLinks(folder, soname, basename);
            }
        }

        return placed;
    }

    /// <summary>Opens one listed path through the root; null when it is missing or unusable (then logged and noted).</summary>
    private DriverFile? Open(BuildState build, DriverPath path, Folder kind)
    {
        try
        {
            var file = build.Root.Open(path.PathInRoot);
            if (file is null)
            {
                // v1 skipped missing files silently; only a required library's absence is an error, named later.
                build.Problems.TryAdd((kind, path.Name), $"{build.Root.Join(path.PathInRoot)}: no such file");
            }

            return file;
        }
        catch (UnusableFileException e)
        {
            Skip(build, path, kind, e);
            return null;
        }
    }

    private void Skip(BuildState build, DriverPath path, Folder kind, UnusableFileException e)
    {
        // v1 failed the whole Create on any odd file; one unusable library should not block every container.
        _logger.LogWarning("Skipping {Path}: {Reason}", e.Path, e.Reason);
        build.Problems.TryAdd((kind, path.Name), e.Message);
    }

    /// <summary>Why an ELF file does not belong in the folder, or null when it does.</summary>
    private static string? Mismatch(ElfInfo elf, Folder kind) => kind switch
    {
        Folder.Libraries32 when elf.Is64Bit => "not a 32-bit ELF file (listed as a 32-bit library)",
        Folder.Libraries64 when !elf.Is64Bit => "not a 64-bit ELF file (listed as a 64-bit library)",
        Folder.Libraries64 when HostMachine is { } host && elf.Machine != host => $"built for another machine (ELF machine {elf.Machine}, this host is {host})",
        _ => null,
    };

    /// <summary>The host's ELF machine number where known: what a 64-bit library must be built for to load.</summary>
    private static ushort? HostMachine => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 62,
        Architecture.Arm64 => 183,
        Architecture.Ppc64le => 21,
        _ => null,
    };

    /// <summary>Fails the build unless CUDA and NVML made it into <c>lib64/</c>, naming what went wrong.</summary>
    private static void CheckRequiredLibraries(BuildState build, string lib64, VolumeName volume)
    {
        foreach (var name in RequiredLibraries)
        {
            if (VolumeFolder.EntryExists(Path.Join(lib64, name)))
            {
                continue;
            }

            throw new VolumeBuildException(
                build.Problems.TryGetValue((Folder.Libraries64, name), out var problem)
                    ? $"required library {name} is unusable: {problem}"
                    : $"required library {name} not found in the driver's ld.so.cache",
                volume.Name);
        }
    }

    private void AddSonameLinks(string folder, string soname, string basename)
    {
        if (soname is "." or ".." || soname.Contains('/') || soname.Contains('\0'))
        {
            _logger.LogWarning("Ignoring SONAME {Soname} of {Name}: not a file name", soname, basename);
            return;
        }

        Symlink(folder, soname, basename);

        // v1 rc.3 (#103): applications dlopen the unversioned libcuda.so.
        if (soname.StartsWith("libcuda", StringComparison.Ordinal))
        {
            Symlink(folder, soname.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'), basename);
        }

        if (soname.StartsWith("libGLX_nvidia", StringComparison.Ordinal))
        {
            Symlink(folder, soname.Replace("GLX_nvidia", "GLX_indirect", StringComparison.Ordinal), basename);
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

    /// <summary>What one build carries from file to file.</summary>
    private sealed class BuildState(ConfinedRoot root, FilePlacer placer, BuildDeadline deadline)
    {
        public ConfinedRoot Root { get; } = root;

        public FilePlacer Placer { get; } = placer;

        public BuildDeadline Deadline { get; } = deadline;

        /// <summary>Real files already handled: one file reached by several names goes in once.</summary>
        public HashSet<(ulong Device, ulong Inode)> Seen { get; } = [];

        /// <summary>Per folder and listed name (cache key or binary name), the first reason it could not be placed.</summary>
        public Dictionary<(Folder Kind, string Name), string> Problems { get; } = [];
    }
}
