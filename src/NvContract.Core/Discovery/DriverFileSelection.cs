using System.Runtime.InteropServices;

namespace NvContract.Core.Discovery;

/// <summary>
/// Which of the listed driver files a build keeps, and under which names: the one rule the driver
/// volume and the CDI spec share, so both always carry the same files. Each path is opened through
/// the root; a missing or unusable file, a 32-bit file listed as 64-bit (or the other way round),
/// a 64-bit library built for another machine, another vendor's GL library, a real file already
/// kept (one file reached by several names goes in once) and a name already taken in its folder
/// (the first in cache order wins) are passed over. One selection serves one build: it remembers
/// the files and names kept so far.
/// </summary>
/// <param name="readElf">Reads a file's ELF facts; <see cref="ElfReader.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, string, long)"/> by default.</param>
public sealed class DriverFileSelection(ConfinedRoot root, IDriverFileSelectionReport report, Func<DriverFile, ElfInfo>? readElf = null)
{
    private readonly HashSet<(ulong Device, ulong Inode)> _seen = [];
    private readonly Dictionary<DriverFolder, HashSet<string>> _names = [];

    /// <summary>The files of <paramref name="paths"/> to keep in <paramref name="folder"/>, in list order, each open.</summary>
    /// <exception cref="IOException">A read failed in a way that is not the file's fault.</exception>
    public IEnumerable<SelectedDriverFile> Select(IReadOnlyList<DriverPath> paths, DriverFolder folder)
    {
        if (!_names.TryGetValue(folder, out var names))
        {
            _names[folder] = names = new HashSet<string>(StringComparer.Ordinal);
        }

        foreach (var path in paths)
        {
            report.BeforeFile();
            var file = Open(path, folder);
            if (file is null)
            {
                continue;
            }

            SelectedDriverFile? selected;
            try
            {
                selected = Select(path, folder, file, names);
            }
            catch
            {
                file.Dispose();
                throw;
            }

            if (selected is null)
            {
                file.Dispose();
                continue;
            }

            yield return selected;
        }
    }

    private SelectedDriverFile? Select(DriverPath path, DriverFolder folder, DriverFile file, HashSet<string> names)
    {
        if (!_seen.Add(file.Identity))
        {
            return null;
        }

        ElfInfo elf;
        try
        {
            elf = readElf?.Invoke(file) ?? ElfReader.Read(file.Handle, file.HostPath, file.Length);
            if (Mismatch(elf, folder) is { } mismatch)
            {
                throw new UnusableFileException(file.HostPath, mismatch);
            }
        }
        catch (UnusableFileException e)
        {
            report.Unusable(path, folder, e);
            return null;
        }

        if (!ElfFilter.Keep(file.HostPath, elf))
        {
            report.NotNvidia(file.HostPath);
            return null;
        }

        var name = file.Name;
        if (name is "" or "." or ".." || !names.Add(name))
        {
            // v1 failed with "file exists" (#229); keep the first in cache order instead.
            report.Duplicate(file.HostPath, name);
            return null;
        }

        return new SelectedDriverFile(file, elf, Links(elf, name, names));
    }

    private List<string> Links(ElfInfo elf, string name, HashSet<string> names)
    {
        if (elf.Soname is not { } soname)
        {
            return [];
        }

        if (!DriverLinks.IsFileName(soname))
        {
            report.BadSoname(soname, name);
            return [];
        }

        return DriverLinks.For(soname).Where(link => link.Length > 0 && names.Add(link)).ToList();
    }

    /// <summary>Opens one listed path through the root; null when it is missing or unusable (then reported).</summary>
    private DriverFile? Open(DriverPath path, DriverFolder folder)
    {
        try
        {
            var file = root.Open(path.PathInRoot);
            if (file is null)
            {
                report.Missing(path, folder, root.Join(path.PathInRoot));
            }

            return file;
        }
        catch (UnusableFileException e)
        {
            report.Unusable(path, folder, e);
            return null;
        }
    }

    /// <summary>Why an ELF file does not belong in the folder, or null when it does.</summary>
    private static string? Mismatch(ElfInfo elf, DriverFolder folder) => folder switch
    {
        DriverFolder.Libraries32 when elf.Is64Bit => "not a 32-bit ELF file (listed as a 32-bit library)",
        DriverFolder.Libraries64 when !elf.Is64Bit => "not a 64-bit ELF file (listed as a 64-bit library)",
        DriverFolder.Libraries64 when HostMachine is { } host && elf.Machine != host => $"built for another machine (ELF machine {elf.Machine}, this host is {host})",
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
}
