using System.Collections.Concurrent;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;

namespace NvContract.Core.Cdi;

/// <summary>
/// The driver's files as bind mounts, from the same discovery and the same rules as the driver
/// volume: the files v1's lists and blacklist keep (32-bit ones included), each under its file
/// name and under its SONAME and link names (<c>libcuda.so.1</c>, <c>libcuda.so</c>,
/// <c>libGLX_indirect.so.0</c>). Libraries go where the volume puts them,
/// <c>/usr/local/nvidia/lib64</c> and <c>/usr/local/nvidia/lib</c>, so they never shadow the
/// image's own (GLVND's <c>libEGL.so.1</c>, say); binaries go to <c>/usr/bin</c>, on every
/// image's PATH. Link names are mounts of the same file, not symlinks, so they need no hook.
/// </summary>
internal sealed class CdiDriverMounts
{
    public static readonly string Lib64 = ContainerVolume.Driver.Mountpoint + "/lib64";
    public static readonly string Lib32 = ContainerVolume.Driver.Mountpoint + "/lib";
    public const string BinaryFolder = "/usr/bin";

    private static readonly IReadOnlyList<string> Options = ["ro", "nosuid", "nodev", "bind"];

    // ELF facts by path, re-read only when the file's size or modification time changes.
    private readonly ConcurrentDictionary<string, ((DateTime, long) Stamp, ElfInfo? Elf, string? Error)> _elf = new(StringComparer.Ordinal);

    /// <summary>The mounts, binaries first, then 64-bit and 32-bit libraries in discovery order; and the library folders used.</summary>
    public (List<CdiMount> Mounts, List<string> LibraryFolders) Of(DriverFiles files, List<string> warnings)
    {
        var mounts = new List<CdiMount>();
        foreach (var binary in files.Binaries)
        {
            mounts.Add(new CdiMount(binary, $"{BinaryFolder}/{Path.GetFileName(binary)}", Options));
        }

        var folders = new List<string>();
        foreach (var (folder, libraries) in new[] { (Lib64, files.Libraries64), (Lib32, files.Libraries32) })
        {
            if (AddLibraries(mounts, folder, libraries, warnings))
            {
                folders.Add(folder);
            }
        }

        return (mounts, folders);
    }

    private bool AddLibraries(List<CdiMount> mounts, string folder, IReadOnlyList<string> libraries, List<string> warnings)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var added = false;
        foreach (var real in libraries)
        {
            var (elf, error) = Read(real);
            if (elf is null)
            {
                warnings.Add($"Skipping {real}: {error}");
                continue;
            }

            var basename = Path.GetFileName(real);
            if (!ElfFilter.Keep(real, elf) || !names.Add(basename))
            {
                // Another vendor's GL library, or a second file of one name: the volume skips them too.
                continue;
            }

            mounts.Add(new CdiMount(real, $"{folder}/{basename}", Options));
            added = true;
            if (elf.Soname is { } soname && DriverLinks.IsFileName(soname))
            {
                foreach (var link in DriverLinks.For(soname).Where(names.Add))
                {
                    mounts.Add(new CdiMount(real, $"{folder}/{link}", Options));
                }
            }
        }

        return added;
    }

    private (ElfInfo? Elf, string? Error) Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            // Removed since the ld.so.cache was read: an upgrade in progress.
            return (null, "removed");
        }

        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (_elf.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return (cached.Elf, cached.Error);
        }

        (ElfInfo?, string?) read;
        try
        {
            read = (ElfReader.Read(path), null);
        }
        catch (Exception e) when (e is InvalidElfException or IOException or UnauthorizedAccessException)
        {
            read = (null, e.Message);
        }

        _elf[path] = (stamp, read.Item1, read.Item2);
        return read;
    }
}
