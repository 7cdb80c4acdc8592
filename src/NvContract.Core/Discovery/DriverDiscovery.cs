using Microsoft.Extensions.Logging;

namespace NvContract.Core.Discovery;

/// <summary>
/// Finds the driver files under a driver root: libraries through the root's ld.so.cache
/// (docs/v1-compatibility.md §3.3–§3.4), binaries through PATH (docs/v1-compatibility.md §3.2). Every call opens the root again and looks up
/// the binaries again; the libraries matched in the cache are kept (as paths inside the root,
/// never as resolved host paths) until the cache file is replaced or changes size or
/// modification time, so a driver upgrade that re-runs ldconfig is seen without a restart.
/// </summary>
public sealed class DriverDiscovery(string driverRoot, string? searchPath, ILogger<DriverDiscovery> logger)
{
    private const string CachePath = "/etc/ld.so.cache";
    private readonly Lock _gate = new();
    private FileStatus? _cacheStatus;
    private (IReadOnlyList<DriverPath> Libraries32, IReadOnlyList<DriverPath> Libraries64) _libraries = ([], []);

    /// <summary>The driver root as given (the host's <c>/</c> by default).</summary>
    public string DriverRoot { get; } = driverRoot;

    /// <summary>Resolve paths with the openat walk even where openat2 exists (what kernels before 5.6 get).</summary>
    internal bool WalkPaths { get; init; }

    /// <summary>Opens the driver root and lists the driver's binaries and libraries in it.</summary>
    /// <exception cref="LdCacheNotFoundException">The root has no ld.so.cache.</exception>
    /// <exception cref="InvalidLdCacheException">The root's ld.so.cache is malformed, too large or not a regular file.</exception>
    /// <exception cref="IOException">The root or its ld.so.cache cannot be read.</exception>
    public DriverFiles Discover()
    {
        var root = ConfinedRoot.Open(DriverRoot, WalkPaths);
        try
        {
            var (libs32, libs64) = Libraries(root);
            return new DriverFiles(root, FindBinaries(root), libs32, libs64);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    private (IReadOnlyList<DriverPath>, IReadOnlyList<DriverPath>) Libraries(ConfinedRoot root)
    {
        DriverFile? opened;
        try
        {
            opened = root.Open(CachePath);
        }
        catch (UnusableFileException e)
        {
            throw new InvalidLdCacheException($"{e.Path}: {e.Reason}");
        }

        using var cache = opened ?? throw new LdCacheNotFoundException(root.Join(CachePath));
        lock (_gate)
        {
            // Same file, same size, same modification time: the parse of last time still holds.
            var status = cache.Status;
            if (_cacheStatus != status)
            {
                var entries = LdCache.Read(cache.Handle);
                _libraries = Match(entries);
                _cacheStatus = status;
                logger.LogDebug("Read {Count} ld.so.cache entries from {Path}", entries.Count, cache.HostPath);
            }

            return _libraries;
        }
    }

    private static (IReadOnlyList<DriverPath>, IReadOnlyList<DriverPath>) Match(IReadOnlyList<LdCacheEntry> entries)
    {
        var libs32 = new List<DriverPath>();
        var libs64 = new List<DriverPath>();
        foreach (var entry in entries)
        {
            if (entry.Arch is not { } arch || !DriverFileLists.LibraryPrefixes.Any(p => entry.Key.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            // Cache values are absolute paths inside the root; they are resolved when opened, on each build.
            (arch == LibraryArch.Bits64 ? libs64 : libs32).Add(new DriverPath(entry.Key, entry.Value));
        }

        return (libs32, libs64);
    }

    private List<DriverPath> FindBinaries(ConfinedRoot root)
    {
        // Like `which`: the first PATH folder holding an executable regular file of that name wins.
        var folders = (searchPath ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith('/')).ToList();
        var found = new List<DriverPath>();
        foreach (var name in DriverFileLists.Binaries)
        {
            foreach (var folder in folders)
            {
                var path = $"{folder.TrimEnd('/')}/{name}";
                if (IsExecutable(root, path))
                {
                    found.Add(new DriverPath(name, path));
                    break;
                }
            }
        }

        return found;
    }

    private static bool IsExecutable(ConfinedRoot root, string path)
    {
        try
        {
            using var file = root.Open(path);
            return file is { IsExecutable: true };
        }
        catch (UnusableFileException)
        {
            // A folder or FIFO of that name is no executable; `which` passes over it too.
            return false;
        }
    }
}
