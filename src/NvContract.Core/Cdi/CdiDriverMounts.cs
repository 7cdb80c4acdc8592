using System.Collections.Concurrent;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;

namespace NvContract.Core.Cdi;

/// <summary>
/// The driver's files as bind mounts: exactly the files the driver volume would hold, chosen by
/// the same <see cref="DriverFileSelection"/> from the same discovery (32-bit ones included),
/// each under its file name and under its SONAME and link names (<c>libcuda.so.1</c>,
/// <c>libcuda.so</c>, <c>libGLX_indirect.so.0</c>). Libraries go where the volume puts them,
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

    // ELF facts by file identity, re-read only when the file's size or modification time changes.
    private readonly ConcurrentDictionary<(ulong Device, ulong Inode), (FileStatus Status, ElfInfo Elf)> _elf = new();

    /// <summary>The mounts, binaries first, then 64-bit and 32-bit libraries in discovery order; and the library folders used.</summary>
    public (List<CdiMount> Mounts, List<string> LibraryFolders) Of(DriverFiles files, List<string> warnings)
    {
        var report = new Report(warnings);
        var selection = new DriverFileSelection(files.Root, report, ReadElf);
        var lib64Names = new HashSet<string>(StringComparer.Ordinal);

        // Chosen in the volume's order (a file listed twice goes where the volume puts it), listed binaries first, then lib64.
        var binaries = Mounts(selection, files.Binaries, DriverFolder.Binaries, BinaryFolder, null);
        var libraries32 = Mounts(selection, files.Libraries32, DriverFolder.Libraries32, Lib32, null);
        var libraries64 = Mounts(selection, files.Libraries64, DriverFolder.Libraries64, Lib64, lib64Names);
        var folders = new List<string>();
        if (libraries64.Count > 0)
        {
            folders.Add(Lib64);
        }

        if (libraries32.Count > 0)
        {
            folders.Add(Lib32);
        }

        foreach (var required in Volumes.DriverVolumes.RequiredLibraries.Where(r => !lib64Names.Contains(r)))
        {
            // The volume refuses to build without them; the spec still gives the device nodes, but says what is missing.
            warnings.Add($"The CDI spec has no {required}: " +
                (report.Problems.TryGetValue(required, out var problem) ? problem : "not found in the driver's ld.so.cache"));
        }

        return ([.. binaries, .. libraries64, .. libraries32], folders);
    }

    private static List<CdiMount> Mounts(DriverFileSelection selection, IReadOnlyList<DriverPath> paths, DriverFolder kind, string folder, HashSet<string>? names)
    {
        var mounts = new List<CdiMount>();
        foreach (var selected in selection.Select(paths, kind))
        {
            using var file = selected.File;
            foreach (var name in selected.Links.Prepend(file.Name))
            {
                mounts.Add(new CdiMount(file.HostPath, $"{folder}/{name}", Options));
                names?.Add(name);
            }
        }

        return mounts;
    }

    private ElfInfo ReadElf(DriverFile file)
    {
        if (_elf.TryGetValue(file.Identity, out var cached) && cached.Status == file.Status)
        {
            return cached.Elf;
        }

        var elf = ElfReader.Read(file.Handle, file.HostPath, file.Length);
        _elf[file.Identity] = (file.Status, elf);
        return elf;
    }

    /// <summary>Files passed over become warnings of the generation (the publisher logs them once per change).</summary>
    private sealed class Report(List<string> warnings) : IDriverFileSelectionReport
    {
        /// <summary>Per 64-bit listed name, why it could not be used.</summary>
        public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);

        public void BeforeFile()
        {
        }

        // Removed since the ld.so.cache was read (an upgrade in progress), or listed but never installed.
        public void Missing(DriverPath path, DriverFolder folder, string hostPath)
        {
            warnings.Add($"Skipping {hostPath}: no such file");
            Note(path, folder, $"{hostPath}: no such file");
        }

        public void Unusable(DriverPath path, DriverFolder folder, UnusableFileException e)
        {
            warnings.Add($"Skipping {e.Message}");
            Note(path, folder, e.Message);
        }

        public void NotNvidia(string hostPath)
        {
        }

        public void Duplicate(string hostPath, string name) => warnings.Add($"Skipping {hostPath}: {name} is already in the spec");

        public void BadSoname(string soname, string name) => warnings.Add($"Ignoring SONAME {soname} of {name}: not a file name");

        private void Note(DriverPath path, DriverFolder folder, string problem)
        {
            if (folder == DriverFolder.Libraries64)
            {
                Problems.TryAdd(path.Name, problem);
            }
        }
    }
}
